using Aims.Core.Telemetry;
using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Aims.Application;

public static class TelemetryExtensions
{
    /// <summary>The setting Azure sets on a Function App (and azd on both hosts) that names the Application Insights resource.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary><c>Authorization=AAD</c> (optionally <c>;ClientId=...</c> for a user-assigned identity): send with Entra auth, as the component has local auth disabled.</summary>
    public const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// Traces, requests, dependencies and logs through OpenTelemetry to Application Insights, only when
    /// <see cref="ConnectionStringSetting"/> is set: incoming requests (ASP.NET Core), outgoing HTTP (Graph, the Bot Connector,
    /// Storage), the Azure SDK's own spans and the app's <see cref="AimsTelemetry.Source"/> (card presses, commands, queue items with
    /// their activity id, verb and subject). Without it nothing is added and the console logs stay as they are.
    /// Returns the builder so a host can add its own defaults (the Functions worker), or null when telemetry is off.
    /// </summary>
    public static IOpenTelemetryBuilder? AddAimsTelemetry(this IServiceCollection services, IConfiguration configuration, string hostName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        // The Azure SDK (Storage) reports its calls as spans only when asked to.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        return services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("aims-for-teams", serviceInstanceId: $"{hostName}-{Environment.MachineName}"))
            .WithTracing(t => t
                .AddSource(AimsTelemetry.SourceName, "Azure.*")
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/api/health", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation())
            .UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = connectionString;
                o.Credential = EntraCredential(configuration[AuthenticationSetting]);
            });
    }

    /// <summary>The managed identity named by the authentication string, or null (instrumentation key only) without <c>Authorization=AAD</c>.</summary>
    internal static TokenCredential? EntraCredential(string? authentication)
    {
        var parts = (authentication ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!string.Equals(parts.GetValueOrDefault("Authorization"), "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Infrastructure.ManagedIdentities.For(parts.GetValueOrDefault("ClientId"));
    }
}
