namespace Aims.Application.Workspace;

/// <summary>
/// The answer of <c>GET /api/workspace-config</c>: what the page needs before anyone is signed in, and where "Discuss" opens the
/// chat with the bot (Teams' chat deep link to the bot; the Agents Playground locally).
/// </summary>
public sealed record WorkspaceConfig(
    string? TenantId,
    string? ClientId,
    string? ApiScope,
    bool DevelopmentSignIn,
    IReadOnlyList<DemoPerson> DemoPeople,
    string? ChatUrl);
