using Aims.Application.Http;
using Aims.Application.Jobs;
using Aims.Application.Work;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Reviews;

/// <summary>Presses on the digest card: Acknowledge, Record decision, Assign action (top management only, checked in the service).</summary>
public sealed class ManagementReviewCardActions(ManagementReviewService service, ManagementReviewRecorder recorder) : ICardActionHandler
{
    public string Verb => "review.";

    public Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        var requestId = context.Turn.Activity.Id ?? Guid.NewGuid().ToString("N");
        if (context.Verb == ManagementReviewDigestCard.VerbRecord && !context.IsRefresh)
        {
            return RecordAsync(context.Bind<ManagementReviewRecordData>(), context.Actor, requestId, ct);
        }

        var data = context.Bind<ManagementReviewResponseData>();
        if (context.IsRefresh || context.Verb == ManagementReviewDigestCard.VerbRefresh)
        {
            // Teams asks for this person's own view: the leadership buttons only for top management.
            return service.CardForAsync(data.DigestId, context.Actor.ObjectId, null, ct);
        }

        return context.Verb switch
        {
            ManagementReviewDigestCard.VerbAcknowledge => service.RespondAsync(data.DigestId, context.Actor, LeadershipItemKind.Acknowledgement, null, null, null, requestId, ct),
            ManagementReviewDigestCard.VerbDecide => service.RespondAsync(data.DigestId, context.Actor, LeadershipItemKind.Decision, data.DecisionText, null, null, requestId, ct),
            ManagementReviewDigestCard.VerbAssign => service.RespondAsync(data.DigestId, context.Actor, LeadershipItemKind.Action, data.ActionText, data.ActionOwner, data.ActionDue, requestId, ct),
            _ => throw new CardActionException($"'{context.Verb}' is not an action of the management review digest."),
        };
    }

    /// <summary>Records the review from the card's form; a refusal keeps the card (with the form) and says what to change.</summary>
    private async Task<AdaptiveCard> RecordAsync(ManagementReviewRecordData data, Actor actor, string requestId, CancellationToken ct)
    {
        string? notice;
        try
        {
            var (_, pending) = await recorder.RecordAsync(data.DigestId, actor, data.Form, requestId, ct);
            notice = pending ? Evidence.EvidenceSettlement.PendingNotice : "The review is recorded. Its actions are tracked in the next digests.";
        }
        catch (RecordValidationException ex)
        {
            notice = "Nothing was recorded. " + string.Join(" ", ex.Errors.SelectMany(e => e.Value));
        }
        catch (AccessDeniedException)
        {
            notice = "Not allowed: only top management can record the management review.";
        }
        catch (ConcurrencyConflictException ex)
        {
            notice = "Nothing was recorded. " + ex.Message;
        }
        catch (KeyNotFoundException ex)
        {
            throw new CardActionException(ex.Message);
        }

        return await service.CardForAsync(data.DigestId, actor.ObjectId, notice, ct);
    }

    /// <summary>The digest card with every response so far, so a refusal (an empty decision, say) keeps it.</summary>
    public async Task<AdaptiveCard?> CardForErrorAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.TryBind<ManagementReviewResponseData>() is { } data
            ? await service.CardForAsync(data.DigestId, context.Actor.ObjectId, null, context.Turn.CancellationToken)
            : null;
    }
}

/// <summary>
/// <c>digest</c> (AIMS managers): queues the management review digest (building and sending it can take longer than Teams'
/// 15 s) and answers at once; the digest job then sends it to leadership and the requester gets the card.
/// </summary>
public sealed class DigestCommand(BotJobQueue jobs) : IBotCommand
{
    public string Name => "digest";

    public string Description => "Send the management review digest to top management now (AIMS managers)";

    public IReadOnlyCollection<AimsRole> AllowedRoles => [AimsRole.AimsManager];

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        await jobs.EnqueueAsync(new BotJob(ManagementReviewDigestJob.JobKind, context.Actor.ObjectId, context.Turn.Activity.Id ?? Guid.NewGuid().ToString("N")), context.Turn.CancellationToken);
        await context.Turn.SendTextAsync("Preparing the management review digest. I will send it to top management and post it here when it is ready.");
    }
}

/// <summary>The queued <c>digest</c>: builds, archives and sends the digest, then answers the requester with the card and where it went.</summary>
public sealed class ManagementReviewDigestJob(ManagementReviewService service, IDirectoryClient directory) : IBotJob
{
    public const string JobKind = "management-review-digest";

    public string Kind => JobKind;

    public async Task<BotJobAnswer> RunAsync(BotJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var names = await directory.GetDisplayNamesAsync([job.RequestedBy], cancellationToken);
        var run = await service.SendAsync(new Actor(job.RequestedBy, names(job.RequestedBy)), cancellationToken);
        // The requester's copy is tracked like the leaders' copies, so their responses show on it too.
        // The requester's own view: without the leadership buttons unless they are top management themselves.
        var unreached = run.Unreachable > 0 ? $" ({run.Unreachable} could not be reached: the app is not installed for them)" : "";
        var card = await service.CardForAsync(run.Digest.Id, job.RequestedBy, run.Delivered == 0
            ? $"This digest reached no one in top management{unreached}, so it is not a management review: the next digest covers the whole period since the last one they received. Archived as evidence (card and readable page)."
            : $"Sent to {Teams.Cards.CardText.Count(run.Delivered, "recipient", "recipients")}{unreached}. Archived as evidence (card and readable page).", cancellationToken);
        return new BotJobAnswer(card, ManagementReviewService.Subject(run.Digest.Id));
    }
}

/// <summary>The scheduled digest (quarterly by default).</summary>
public sealed class ManagementReviewJob(ManagementReviewService service, ILogger<ManagementReviewJob> logger) : IScheduledJob
{
    public string Name => AimsSchedules.ManagementReviewJob;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await service.SendAsync(Actor.System, cancellationToken);
        logger.LogInformation("Scheduled management review digest {DigestId}: {Delivered} delivered", run.Digest.Id, run.Delivered);
    }
}

public sealed record OpportunityInput(string? Text);

/// <summary><c>POST /api/management-reviews</c> (AIMS manager): build, archive and send the digest now.</summary>
public sealed class SendManagementReviewHandler(ManagementReviewService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = await service.SendAsync(request.Caller, request.Aborted);
        return ApiResults.Created(new { digest = run.Digest, run.Delivered, run.Unreachable, evidence = new[] { run.CardEvidenceId, run.HtmlEvidenceId } });
    }
}

/// <summary><c>POST /api/management-reviews/opportunities</c> (AIMS manager): an opportunity for improvement for the next digests.</summary>
public sealed class AddOpportunityHandler(ManagementReviewService service) : IEndpointHandler<OpportunityInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<OpportunityInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Body.Text;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 1000)
        {
            return ApiProblems.Validation("text", "Text is required (at most 1000 characters).");
        }

        return ApiResults.Created(await service.AddOpportunityAsync(text, request.Caller, request.Aborted));
    }
}

/// <summary><c>POST /api/management-reviews/actions/{id}/complete</c>: the action's owner, top management or an AIMS manager marks it done.</summary>
public sealed class CompleteReviewActionHandler(ManagementReviewService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Ok(await service.CompleteActionAsync(request.Id, request.Caller, request.Aborted));
    }
}
