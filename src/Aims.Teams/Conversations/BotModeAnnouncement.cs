using Aims.Teams.Connector;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Teams.Conversations;

/// <summary>Says at start, loudly, when the bot runs without authentication (no Bot:AppId), so nobody deploys it that way unnoticed.</summary>
public sealed class BotModeAnnouncement(IOptions<BotOptions> options, ILogger<BotModeAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.IsDevelopmentMode)
        {
            logger.LogWarning("Bot authentication is OFF: no Bot:AppId is configured. /api/messages accepts unauthenticated activities from loopback only. Never run this way outside a developer machine.");
        }
        else
        {
            logger.LogInformation("Bot authentication on for app {AppId}; allowed tenants: {Tenants}", o.AppId, string.Join(", ", o.AllowedTenants));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
