using Aims.Core.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace Aims.Infrastructure.Directory;

/// <summary>Settings of installing the app for people the bot cannot reach (section <c>Training</c>).</summary>
public sealed class TeamsAppInstallOptions
{
    public const string Section = "Training";

    /// <summary>Install the app for a person who has no 1:1 chat with the bot, then send (needs Graph and TeamsAppInstallation.ReadWriteSelfForUser.All).</summary>
    public bool InstallAppForUnreachable { get; set; }

    /// <summary>The app's id in the tenant's Teams app catalog (appCatalogs/teamsApps/{id}), not the manifest id.</summary>
    public string? TeamsAppCatalogId { get; set; }

    /// <summary>Bot Connector service URL for opening a chat with a person who never wrote to the bot.</summary>
    public string ServiceUrl { get; set; } = "https://smba.trafficmanager.net/teams/";
}

/// <summary>
/// <c>POST /users/{id}/teamwork/installedApps</c> with <c>teamsApp@odata.bind</c> (application permission
/// TeamsAppInstallation.ReadWriteSelfForUser.All: the app may install only itself). 201 installed, 409 already installed,
/// 403/404/400 refused with Graph's message; other failures (429 and 5xx after the SDK's retries) are thrown for the caller's retry.
/// </summary>
public sealed class GraphTeamsAppInstaller(GraphServiceClient graph, TeamsAppInstallOptions options, ILogger<GraphTeamsAppInstaller> logger) : ITeamsAppInstaller
{
    public async Task<AppInstallResult> InstallForUserAsync(string userObjectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userObjectId);
        var installation = new UserScopeTeamsAppInstallation
        {
            AdditionalData = new Dictionary<string, object>
            {
                ["teamsApp@odata.bind"] = $"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{Uri.EscapeDataString(options.TeamsAppCatalogId!)}",
            },
        };
        try
        {
            await graph.Users[userObjectId].Teamwork.InstalledApps.PostAsync(installation, cancellationToken: cancellationToken);
            logger.LogInformation("Installed the Teams app for {ObjectId}", userObjectId);
            return new AppInstallResult(AppInstallOutcome.Installed);
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 409)
        {
            return new AppInstallResult(AppInstallOutcome.AlreadyInstalled);
        }
        catch (ODataError ex) when (ex.ResponseStatusCode is 400 or 403 or 404)
        {
            logger.LogWarning("Installing the Teams app for {ObjectId} was refused: {Status} {Code}", userObjectId, ex.ResponseStatusCode, ex.Error?.Code);
            return new AppInstallResult(AppInstallOutcome.Refused, $"Graph answered {ex.ResponseStatusCode} {ex.Error?.Code}: {ex.Error?.Message}");
        }
    }
}
