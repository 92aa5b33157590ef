namespace Aims.Core.Incidents;

/// <summary>
/// A record of telling interested parties about an incident of an AI system (A.8.4): the incident (and its report, if one was
/// filed), who was informed, when, by what channel, what was said, and who communicated it.
/// </summary>
public sealed record IncidentCommunication
{
    public required string Id { get; init; }
    public required string SystemId { get; init; }
    public required string Incident { get; init; }
    public string? ReportId { get; init; }
    public required string Audience { get; init; }
    public required DateTimeOffset CommunicatedAt { get; init; }
    public required string Channel { get; init; }
    public required string Message { get; init; }
    public required string CommunicatedBy { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public string RecordedBy { get; init; } = string.Empty;
    public string RecordedByName { get; init; } = string.Empty;
}

/// <summary>An incident communication as it arrives from the API, not yet validated.</summary>
public sealed record IncidentCommunicationInput(string? Incident, string? ReportId, string? Audience, DateTimeOffset? CommunicatedAt, string? Channel, string? Message, string? CommunicatedBy);
