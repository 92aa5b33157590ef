using System.Text.Json;
using Aims.Application.Http;
using Aims.Application.Work;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Proactive;

/// <summary>A notice from the AIMS manager to named people (POST /api/notifications).</summary>
public sealed record NotificationRequest(IReadOnlyList<string>? Recipients, string? Title, string? Text, string? RequestId);

/// <summary>One queued proactive message: a card for one person, with the key that makes a second delivery a no-op.</summary>
public sealed record ProactiveMessageWork(string Recipient, string IdempotencyKey, JsonElement Card, string? Summary) : IQueueMessage
{
    public int SchemaVersion { get; init; } = 1;
}

/// <summary>
/// <c>POST /api/notifications</c> (AimsManager): validates, then queues one proactive card per recipient. Answers 202 with the request id;
/// repeating a request id sends nothing twice.
/// </summary>
public sealed class NotificationsHandler(WorkQueue queue, IEvidenceStore evidence, IDeliveryLog deliveries, ILogger<NotificationsHandler> logger) : IEndpointHandler<NotificationRequest>
{
    public const int MaxRecipients = 1000;

    public async Task<IResult> HandleAsync(ApiRequest<NotificationRequest> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var request = call.Body;
        var caller = call.Caller;
        var errors = new Dictionary<string, string[]>();
        if (request.Recipients is not { Count: > 0 }) errors["recipients"] = ["At least one recipient (Entra object id) is required."];
        else if (request.Recipients.Count > MaxRecipients) errors["recipients"] = [$"At most {MaxRecipients} recipients per request."];
        else if (request.Recipients.Any(string.IsNullOrWhiteSpace)) errors["recipients"] = ["Recipients must not be empty."];
        if (string.IsNullOrWhiteSpace(request.Title)) errors["title"] = ["A title is required."];
        else if (request.Title.Length > 200) errors["title"] = ["The title is longer than 200 characters."];
        if (string.IsNullOrWhiteSpace(request.Text)) errors["text"] = ["A text is required."];
        else if (request.Text.Length > 4000) errors["text"] = ["The text is longer than 4000 characters."];
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var requestId = string.IsNullOrWhiteSpace(request.RequestId) ? Guid.NewGuid().ToString("N") : request.RequestId;
        var card = NotificationCard.Create(request.Title!, request.Text!, caller.DisplayName);
        var cardJson = JsonSerializer.SerializeToElement(card, CardJson.Options);
        var recipients = request.Recipients!.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var recipient in recipients)
        {
            var work = new ProactiveMessageWork(recipient, $"notification:{requestId}", cardJson, card.FallbackText);
            await queue.EnqueueAsync(AimsQueues.ProactiveMessages, work, call.Aborted);
        }

        // What the AIMS communicated, to whom and when is evidence of communication (7.4); a repeated request id records it once.
        if (await deliveries.TryClaimAsync($"notification-evidence:{requestId}", caller.ObjectId, call.Aborted))
        {
            await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.Notification, $"notification:{requestId}", caller.ForEvidence(), ["7.4"], [], requestId,
                NewEvidence.Summarise($"Notice '{request.Title}' sent by {caller.ForEvidence().DisplayName} to {CardText.Count(recipients.Count, "person", "people")}"),
                new { requestId, request.Title, request.Text, recipients }), call.Aborted);
            await deliveries.CompleteAsync($"notification-evidence:{requestId}", caller.ObjectId, "recorded", null, call.Aborted);
        }

        logger.LogInformation("Notification {RequestId} queued for {Count} recipients by {ObjectId}", requestId, recipients.Count, caller.ObjectId);
        return Results.Accepted(value: new { requestId, queued = recipients.Count });
    }
}

/// <summary>Sends one queued proactive message, once per idempotency key and recipient.</summary>
public sealed class ProactiveMessageHandler(ProactiveMessenger messenger, IDeliveryLog deliveries, ILogger<ProactiveMessageHandler> logger) : QueueHandler<ProactiveMessageWork>
{
    public override string QueueName => AimsQueues.ProactiveMessages;

    protected override async Task HandleAsync(ProactiveMessageWork work, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (string.IsNullOrWhiteSpace(work.Recipient) || string.IsNullOrWhiteSpace(work.IdempotencyKey))
        {
            throw new MalformedQueueMessageException("A proactive message work item without recipient or idempotency key.");
        }

        if (!await deliveries.TryClaimAsync(work.IdempotencyKey, work.Recipient, cancellationToken))
        {
            logger.LogInformation("Skipped {Key} for {Recipient}: already delivered or in progress", work.IdempotencyKey, work.Recipient);
            return;
        }

        DeliveryResult result;
        try
        {
            result = await messenger.SendCardAsync(work.Recipient, work.Card, work.Summary, cancellationToken);
        }
        catch
        {
            await deliveries.ReleaseAsync(work.IdempotencyKey, work.Recipient, CancellationToken.None);
            throw;
        }

        await deliveries.CompleteAsync(work.IdempotencyKey, work.Recipient, result.Delivered ? "delivered" : "unreachable", result.ActivityId, cancellationToken);
    }
}

public static class NotificationCard
{
    public static AdaptiveCard Create(string title, string text, string from) => new()
    {
        FallbackText = title,
        Body =
        [
            TextBlock.Heading(title),
            new RichTextBlock { Inlines = [new TextRun { Text = text }] },
            TextBlock.Plain($"From {from}, AIMS", subtle: true),
        ],
    };
}
