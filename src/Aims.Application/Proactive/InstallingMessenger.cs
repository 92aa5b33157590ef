using Aims.Core.Messaging;
using Aims.Infrastructure.Directory;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Proactive;

/// <summary>
/// Every proactive 1:1 card goes through here: the saved chat or a team roster (<see cref="ProactiveMessenger"/>); when neither
/// reaches the person and an <see cref="ITeamsAppInstaller"/> is configured (<c>Training:InstallAppForUnreachable</c>), the app
/// is installed for them through Graph and the chat opened by their object id; otherwise they are unreachable.
/// </summary>
public sealed class InstallingMessenger(
    ProactiveMessenger messenger,
    TeamsAppInstallOptions installOptions,
    ILogger<InstallingMessenger> logger,
    ITeamsAppInstaller? installer = null)
{
    public async Task<DeliveryResult> SendCardAsync(string objectId, AdaptiveCard card, CancellationToken cancellationToken)
    {
        var result = await messenger.SendCardAsync(objectId, card, cancellationToken);
        if (result.Delivered || installer is null)
        {
            return result;
        }

        var install = await installer.InstallForUserAsync(objectId, cancellationToken);
        if (!install.IsInstalled)
        {
            return DeliveryResult.Unreachable($"{result.Reason} Installing the app for them failed: {install.Reason}");
        }

        try
        {
            return await messenger.SendCardInNewChatAsync(objectId, card, new Uri(installOptions.ServiceUrl), cancellationToken);
        }
        catch (ConnectorException ex) when (ex.StatusCode is 403 or 404)
        {
            // Teams may not know the installation for a little while: the caller's queue retries rather than mark the person failed.
            logger.LogWarning("App {Outcome} for {ObjectId} but Teams refused the chat yet ({Status})", install.Outcome, objectId, ex.StatusCode);
            throw new AppInstallPendingException($"The app was installed for this person but Teams did not open the chat yet ({ex.StatusCode}).", ex);
        }
    }
}
