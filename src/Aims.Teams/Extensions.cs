using Aims.Teams.Commands;
using Aims.Teams.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Teams;

public static class Extensions
{
    /// <summary>The bot's conversation side: router, commands, card actions, endpoint, proactive messenger.</summary>
    public static IServiceCollection AddAimsTeams(this IServiceCollection services)
    {
        services.AddSingleton<CommandRouter>();
        services.AddSingleton<IActivityHandler, ActivityRouter>();
        services.AddSingleton<DirectorySearchInvoke>();
        services.AddSingleton<BotEndpoint>();
        services.AddSingleton<ProactiveMessenger>();
        services.AddHostedService<BotModeAnnouncement>();

        services.AddSingleton<HelpCommand>();
        services.AddSingleton<IBotCommand>(sp => sp.GetRequiredService<HelpCommand>());
        services.AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<HelpCommand>());
        services.AddSingleton<ICardActionHandler, RolesCard>();
        return services;
    }
}
