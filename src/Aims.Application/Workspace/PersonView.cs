namespace Aims.Application.Workspace;

/// <summary>A person as the workspace's people picker shows them: the object id a form stores, the name and a hint to pick by.</summary>
public sealed record PersonView(string ObjectId, string DisplayName, string? Detail);
