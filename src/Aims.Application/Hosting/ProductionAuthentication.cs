using Microsoft.Extensions.Configuration;

namespace Aims.Application.Hosting;

/// <summary>
/// The settings without which a host would fall back to development mode (no token checks, callers named by a header).
/// Development mode exists only in the DevHost: a host in Azure must refuse to start rather than run open, because in the
/// Functions isolated worker every request reaches the worker over loopback and "loopback only" protects nothing there.
/// </summary>
public static class ProductionAuthentication
{
    /// <summary>Each setting a production host needs, with the app-setting name an administrator sets.</summary>
    public static IReadOnlyList<(string Key, string AppSetting, string What)> RequiredSettings { get; } =
    [
        ("Bot:AppId", "Bot__AppId", "the bot's Entra app id, against which Bot Connector tokens are validated"),
        ("Bot:TenantId", "Bot__TenantId", "the Entra tenant of the bot"),
        ("Api:Audience", "Api__Audience", "the audience of Entra tokens accepted by the management API"),
        ("Api:TenantId", "Api__TenantId", "the Entra tenant whose tokens the management API accepts"),
    ];

    /// <summary>Throws, naming every missing setting, when <paramref name="configuration"/> would start in development mode.</summary>
    public static void Require(IConfiguration configuration, string hostName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var missing = RequiredSettings.Where(s => string.IsNullOrWhiteSpace(configuration[s.Key])).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The {hostName} host does not run without authentication. Set " +
                string.Join("; ", missing.Select(m => $"{m.AppSetting} ({m.What})")) +
                ". Development mode, with no token checks, exists only in the local DevHost.");
        }
    }
}
