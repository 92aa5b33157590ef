namespace Aims.Application.Reviews;

/// <summary>An open opportunity for improvement (9.3.2 e) a review can accept into an action or decline.</summary>
public sealed record OpportunityView(string Id, string Text, DateTimeOffset RaisedAt, string RaisedBy);
