using System.Net;
using System.Text.Json;
using Aims.Teams.Cards;
using Microsoft.Extensions.Options;

namespace Aims.Application.Workspace;

/// <summary>
/// The address of an item's workspace page, for a card's "Open in workspace". With a Teams app id: a Teams deep link to the
/// workspace tab (<c>https://teams.microsoft.com/l/entity/&lt;app id&gt;/workspace?webUrl=...&amp;context={"subEntityId":"&lt;route&gt;"}</c>),
/// which Teams opens in the tab and hands the route to the page as <c>page.subPageId</c>; otherwise the page's own address
/// (the DevHost, outside Teams). With neither configured there is no link, and cards show no action rather than a broken one.
/// </summary>
public sealed class WorkspaceLinks
{
    public const string ActionTitle = "Open in workspace";

    /// <summary>The <c>entityId</c> of the workspace in appPackage/manifest.json <c>staticTabs</c> (a test compares).</summary>
    public const string TabEntityId = "workspace";

    public const string TeamsEntityLink = "https://teams.microsoft.com/l/entity/";

    private readonly string? _baseUrl;
    private readonly string? _teamsAppId;

    public WorkspaceLinks(IOptions<WorkspaceOptions> options)
        : this(options?.Value.BaseUrl, options?.Value.TeamsAppId)
    {
    }

    public WorkspaceLinks(string? baseUrl, string? teamsAppId)
    {
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            if (!Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var root)
                || !(root.Scheme == Uri.UriSchemeHttps || (root.Scheme == Uri.UriSchemeHttp && IsLoopback(root)))
                || !string.IsNullOrEmpty(root.Query) || !string.IsNullOrEmpty(root.Fragment))
            {
                throw new InvalidOperationException($"Workspace:BaseUrl '{baseUrl}' must be the workspace page's absolute https address (http only to a loopback host), with no query, e.g. https://<host>/api/workspace/.");
            }

            _baseUrl = root.AbsoluteUri.EndsWith('/') ? root.AbsoluteUri : root.AbsoluteUri + "/";
        }

        if (!string.IsNullOrWhiteSpace(teamsAppId))
        {
            if (!Guid.TryParse(teamsAppId.Trim(), out var appId))
            {
                throw new InvalidOperationException($"Workspace:TeamsAppId '{teamsAppId}' must be the Teams app (manifest) id, a GUID.");
            }

            _teamsAppId = appId.ToString("D");
        }
    }

    /// <summary>No workspace address: every card leaves the link out.</summary>
    public static WorkspaceLinks None { get; } = new(null, null);

    public bool IsConfigured => _baseUrl is not null || _teamsAppId is not null;

    /// <summary>The address that opens <paramref name="route"/> (a <see cref="WorkspaceRoutes"/> value), or null without a configured workspace.</summary>
    public string? Url(string route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var web = _baseUrl is null ? null : _baseUrl + route;
        if (_teamsAppId is null)
        {
            return web;
        }

        var context = JsonSerializer.Serialize(new Dictionary<string, string> { ["subEntityId"] = route });
        return TeamsEntityLink + _teamsAppId + "/" + TabEntityId + "?"
            + (web is null ? string.Empty : "webUrl=" + Uri.EscapeDataString(web) + "&")
            + "context=" + Uri.EscapeDataString(context);
    }

    /// <summary>The card action that opens <paramref name="route"/>, or null (leave it out) without a configured workspace.</summary>
    public OpenUrlAction? Action(string route) => Url(route) is { } url ? new OpenUrlAction { Title = ActionTitle, Url = url } : null;

    /// <summary>Adds "Open in workspace" for <paramref name="route"/> after the card's other actions; without a configured workspace the card stays as it is.</summary>
    public AdaptiveCard AddTo(AdaptiveCard card, string route)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (Action(route) is { } open)
        {
            card.Actions = [.. card.Actions ?? [], open];
        }

        return card;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
