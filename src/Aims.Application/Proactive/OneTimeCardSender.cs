using Aims.Core.Messaging;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Proactive;

/// <summary>
/// Cards a schedule sends at most once per key and person (a measurement request per period, a review request per review
/// date): the key is claimed in the delivery log first, so a second run or instance sends nothing; a failed send gives the
/// claim back so the next run tries again.
/// </summary>
public sealed class OneTimeCardSender(IDeliveryLog deliveries, ProactiveMessenger messenger, ILogger<OneTimeCardSender> logger)
{
    /// <summary>True when this call sent the card; false when it was sent before or the person could not be reached.</summary>
    public async Task<bool> SendOnceAsync(string key, string recipient, AdaptiveCard card, CancellationToken cancellationToken)
    {
        if (!await deliveries.TryClaimAsync(key, recipient, cancellationToken))
        {
            return false;
        }

        DeliveryResult result;
        try
        {
            result = await messenger.SendCardAsync(recipient, card, cancellationToken);
        }
        catch (ConnectorException ex)
        {
            result = DeliveryResult.Unreachable(ex.Message);
        }

        if (result.Delivered)
        {
            await deliveries.CompleteAsync(key, recipient, "sent", result.ActivityId, cancellationToken);
            return true;
        }

        await deliveries.ReleaseAsync(key, recipient, cancellationToken);
        logger.LogWarning("Card {Key} could not reach {ObjectId}: {Reason}", key, recipient, result.Reason);
        return false;
    }
}
