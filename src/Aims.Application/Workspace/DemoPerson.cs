using Aims.Core.Identity;

namespace Aims.Application.Workspace;

/// <summary>A person of the demo directory the development sign-in offers, with the roles the directory gives them.</summary>
public sealed record DemoPerson(string ObjectId, string DisplayName, string? JobTitle, IReadOnlyList<AimsRole> Roles);
