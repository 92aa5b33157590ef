namespace Aims.Application.Workspace;

/// <summary>
/// Where the workspace is reached from outside it (section <c>Workspace</c>): the page's address, and in Teams the app whose
/// personal tab shows it. Cards link to an item's page with these (<see cref="WorkspaceLinks"/>); without them they carry no link.
/// </summary>
public sealed class WorkspaceOptions
{
    public const string SectionName = "Workspace";

    /// <summary>
    /// Absolute address of the workspace page, ending where its routes start (<c>http://localhost:3978/workspace/</c> in the DevHost,
    /// <c>https://&lt;host&gt;/api/workspace/</c> in Azure). https, or http to a loopback host only.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>The Teams app (manifest) id: links are then Teams deep links to the workspace tab, with <see cref="BaseUrl"/> as their web fallback.</summary>
    public string? TeamsAppId { get; set; }

    /// <summary>Where "Discuss in chat" opens the chat with the bot; empty: Teams' chat deep link to the bot.</summary>
    public string? ChatUrl { get; set; }
}
