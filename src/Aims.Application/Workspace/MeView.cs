using Aims.Core.Identity;

namespace Aims.Application.Workspace;

/// <summary>The answer of <c>GET /api/me</c>.</summary>
public sealed record MeView(string ObjectId, string DisplayName, IReadOnlyList<AimsRole> Roles);
