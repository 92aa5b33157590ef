namespace Aims.Application.Workspace;

/// <summary>
/// The routes of the workspace's router (src/Aims.Workspace/src/deepLinks.ts knows the same ones) that a card opens: the route
/// is the page's path below the workspace's address, an item's id escaped as one path segment, as the page's own links write it.
/// </summary>
public static class WorkspaceRoutes
{
    public const string Review = "review";

    public const string Soa = "soa";

    public const string Assessments = "assessments";

    public const string Documents = "documents";

    public const string Audits = "audits";

    public static string Risk(string id) => Item("risks", id);

    public static string System(string id) => Item("systems", id);

    public static string Document(string id) => Item("documents", id);

    public static string Objective(string id) => Item("objectives", id);

    public static string Audit(string id) => Item("audits", id);

    public static string Report(string id) => Item("reports", id);

    private static string Item(string page, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return page + "/" + Uri.EscapeDataString(id);
    }
}
