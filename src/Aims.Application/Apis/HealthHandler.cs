using System.Reflection;
using Aims.Application.Http;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Messaging;
using Aims.Infrastructure.Storage;
using Aims.Teams.Connector;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Aims.Application.Apis;

/// <summary>
/// <c>GET /api/health/deep</c> (an AIMS manager, or an app with the <see cref="AppRole"/> app role such as a monitoring probe):
/// version, storage per service, directory provider, bot authentication mode and evidence mirror. 503 names what fails.
/// </summary>
public sealed class HealthHandler(
    StorageHealth storage,
    StorageClients clients,
    IDirectoryClient directory,
    IOptions<BotOptions> bot,
    ApiCallerResolver callers,
    HostIdentity host,
    IEvidenceMirror mirror,
    IEvidenceMirrorStatus mirrorStatus,
    IChatAddressBook addresses) : IEndpointHandler
{
    /// <summary>The app role a monitoring tool's token carries to read this report.</summary>
    public const string AppRole = "Health.Read";

    public static string Version { get; } =
        typeof(HealthHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var probes = await storage.CheckAsync(request.Aborted);
        var failing = probes.Where(p => p.Value is not null).Select(p => $"storage.{p.Key}").ToList();
        var warnings = new List<string>();
        if (bot.Value.IsDevelopmentMode)
        {
            warnings.Add("Bot authentication is OFF (no Bot:AppId): development mode, loopback requests only.");
        }

        if (callers.IsDevelopmentMode)
        {
            warnings.Add("API authentication is OFF (no Api:Audience): the X-Aims-User header is trusted from loopback only.");
        }

        int? notMirrored = null;
        int? rosters = null;
        if (failing.Count == 0)
        {
            // Teams and group chats the app was added to: how the bot reaches people who never opened it.
            rosters = (await addresses.ListRosterSourcesAsync(null, request.Aborted)).Count;
            try
            {
                notMirrored = await mirrorStatus.CountNotMirroredAsync(request.Aborted);
            }
            catch (Azure.RequestFailedException ex)
            {
                warnings.Add($"Mirror status unreadable: {ex.Status} {ex.ErrorCode}".TrimEnd());
            }
        }

        if (notMirrored > 0)
        {
            warnings.Add($"{notMirrored} evidence item(s) could not be mirrored to SharePoint (see mirror/not-mirrored.csv in the audit pack).");
        }

        var report = new HealthReport(
            Status: failing.Count == 0 ? "ok" : "unhealthy",
            Version: Version,
            Host: host.Name,
            Storage: new StorageReport(clients.Description, probes.ToDictionary(p => p.Key, p => p.Value ?? "ok")),
            Directory: new DirectoryReport(directory.ProviderName),
            Bot: new BotReport(bot.Value.IsDevelopmentMode ? "development (unauthenticated, loopback only)" : "Bot Framework and Entra ID tokens", bot.Value.AppId, rosters),
            Failing: failing,
            Warnings: warnings,
            Mirror: new MirrorReport(mirror.Mode, notMirrored));
        return Results.Json(report, statusCode: failing.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record HealthReport(string Status, string Version, string Host, StorageReport Storage, DirectoryReport Directory, BotReport Bot, IReadOnlyList<string> Failing, IReadOnlyList<string> Warnings, MirrorReport Mirror);

public sealed record StorageReport(string Account, IReadOnlyDictionary<string, string> Services);

public sealed record DirectoryReport(string Provider);

/// <summary>The evidence mirror: "off" or "SharePoint", and how many items failed every attempt (null when unknown).</summary>
public sealed record MirrorReport(string Mode, int? NotMirrored);

/// <summary><paramref name="Rosters"/>: the teams and group chats the app was added to (their rosters reach people who never opened it).</summary>
public sealed record BotReport(string AuthMode, string? AppId, int? Rosters);

/// <summary>Which host runs the app ("Functions" or "DevHost"), for health and logs.</summary>
public sealed record HostIdentity(string Name);
