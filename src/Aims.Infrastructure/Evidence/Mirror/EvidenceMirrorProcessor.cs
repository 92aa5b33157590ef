using System.Text.Json;
using Aims.Core.Evidence;
using Microsoft.Extensions.Logging;

namespace Aims.Infrastructure.Evidence.Mirror;

/// <summary>
/// One work item of the <c>evidence-mirror</c> queue: read the item from the store, copy it to the mirror, record the
/// status. Throws on a failed copy so the host retries (growing delay, poison queue after the last attempt); the
/// status row says Failed with the attempt count, and FailedFinal on the last attempt. Malformed or unknown items are
/// logged and dropped.
/// </summary>
public sealed class EvidenceMirrorProcessor(IEvidenceStore store, IEvidenceMirror mirror, IEvidenceMirrorStatus status, ILogger<EvidenceMirrorProcessor> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(EvidenceMirrorWork work) => JsonSerializer.Serialize(work, Json);

    /// <param name="message">The queue message (<see cref="EvidenceMirrorWork"/> as JSON).</param>
    /// <param name="attempt">The host's dequeue count (1 on the first attempt).</param>
    /// <param name="isLastAttempt">True when the host moves the message to the poison queue if this attempt fails.</param>
    public async Task ProcessAsync(string message, int attempt, bool isLastAttempt, CancellationToken cancellationToken)
    {
        var itemId = Parse(message);
        if (itemId is null)
        {
            logger.LogError("Dropped a malformed evidence-mirror message");
            return;
        }

        if (!mirror.IsEnabled)
        {
            logger.LogWarning("Evidence {ItemId} not mirrored: the mirror is off (SharePoint:DriveId is empty); message dropped", itemId);
            return;
        }

        if ((await status.GetAsync(itemId, cancellationToken))?.State == MirrorState.Mirrored)
        {
            return;
        }

        EvidenceItem? item;
        try
        {
            item = await store.GetAsync(itemId, cancellationToken);
        }
        catch (EvidenceIntegrityException ex)
        {
            // Retrying cannot repair altered evidence; verification reports it, the status lists it as not mirrored.
            logger.LogError("Evidence {ItemId} is altered and is not mirrored: {Reason}", itemId, ex.Message);
            await status.MarkFailedAsync(itemId, ex.Message, attempt, final: true, cancellationToken);
            return;
        }

        if (item is null)
        {
            logger.LogError("Evidence {ItemId} to mirror does not exist; message dropped", itemId);
            return;
        }

        try
        {
            await using var payload = await store.OpenPayloadAsync(itemId, cancellationToken)
                ?? throw new EvidenceMirrorException($"The payload of {itemId} is missing from the store.");
            var file = await mirror.MirrorAsync(item, payload, cancellationToken);
            await status.MarkMirroredAsync(itemId, file, attempt, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Evidence {ItemId} not mirrored (attempt {Attempt}{Final}): {Reason}", itemId, attempt, isLastAttempt ? ", last" : string.Empty, ex.Message);
            await status.MarkFailedAsync(itemId, ex.Message, attempt, isLastAttempt, cancellationToken);
            throw;
        }
    }

    private static string? Parse(string message)
    {
        try
        {
            var work = JsonSerializer.Deserialize<EvidenceMirrorWork>(message, Json);
            return EvidenceEnvelope.TryGetHash(work?.ItemId) is null ? null : work!.ItemId;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
