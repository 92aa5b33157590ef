using Aims.Application.Http;
using Aims.Core.Identity;

namespace Aims.Application.Workspace;

/// <summary>
/// The workspace tab: its built files, the public settings it starts from, and who the caller is. Served from the same origin
/// as the management API in both hosts, so the page needs no CORS and calls the API with the same checks as any client.
/// </summary>
public static class WorkspaceEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function.</summary>
    public static class Routes
    {
        /// <summary>The page and its assets; any other path under it answers the page (the tab routes in the browser).</summary>
        public const string GetWorkspace = "workspace/{*path}";

        /// <summary>A sibling of the page's route rather than under it, so no host can mistake it for a page path.</summary>
        public const string GetWorkspaceConfig = "workspace-config";

        public const string GetMe = "me";

        public const string FindPeople = "people";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Raw<WorkspaceFilesHandler>("GET", nameof(Routes.GetWorkspace), Routes.GetWorkspace)
            .Describe("The AIMS workspace (a Teams personal tab): its page and assets, with strict headers that allow Teams to frame it."),
        Declare.Get<WorkspaceConfigHandler>(nameof(Routes.GetWorkspaceConfig), Routes.GetWorkspaceConfig, EndpointAccess.Public)
            .Describe("What the workspace needs to sign in: tenant, client id, API scope; in development, the demo people to sign in as."),
        Declare.Get<MeHandler>(nameof(Routes.GetMe), Routes.GetMe, EndpointAccess.SignedIn)
            .Describe("The caller: object id, name and AIMS roles as the directory gives them now."),
        Declare.Get<PeopleHandler>(nameof(Routes.FindPeople), Routes.FindPeople, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.TopManagement, AimsRole.RiskOwner, AimsRole.Auditor], "look people up in the directory"))
            .Describe("People of the directory by name (?search=) or by object id (?ids=, comma-separated), for the workspace's people pickers."),
    ];
}
