namespace Aims.Core.ThirdParties;

/// <summary>A third party as it arrives from the API, not yet validated.</summary>
public sealed record ThirdPartyInput(string? Name, ThirdPartyRelationship? Relationship, IReadOnlyList<string>? SystemIds, string? Provides, IReadOnlyList<Responsibility?>? Responsibilities, string? CustomerInformation);
