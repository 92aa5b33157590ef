using System.Globalization;
using Aims.Application.Http;
using Aims.Application.Jobs;
using Aims.Application.Work;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Reviews;

/// <summary>Presses on the digest card: Acknowledge, Record decision, Assign action (top management only, checked in the service).</summary>
public sealed class ManagementReviewCardActions(ManagementReviewService service) : ICardActionHandler
{
    public string Verb => "review.";

    public Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var digestId = context.Require("digestId");
        var ct = context.Turn.CancellationToken;
        var requestId = context.Turn.Activity.Id ?? Guid.NewGuid().ToString("N");
        if (context.IsRefresh)
        {
            return service.CardAsync(digestId, null, ct);
        }

        return context.Verb switch
        {
            ManagementReviewDigestCard.VerbAcknowledge => service.RespondAsync(digestId, context.Actor, LeadershipItemKind.Acknowledgement, null, null, null, requestId, ct),
            ManagementReviewDigestCard.VerbDecide => service.RespondAsync(digestId, context.Actor, LeadershipItemKind.Decision, context.Data.GetValueOrDefault(ManagementReviewDigestCard.DecisionText), null, null, requestId, ct),
            ManagementReviewDigestCard.VerbAssign => service.RespondAsync(digestId, context.Actor, LeadershipItemKind.Action,
                context.Data.GetValueOrDefault(ManagementReviewDigestCard.ActionText), context.Data.GetValueOrDefault(ManagementReviewDigestCard.ActionOwner),
                DateOnly.TryParseExact(context.Data.GetValueOrDefault(ManagementReviewDigestCard.ActionDue), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due) ? due : null,
                requestId, ct),
            _ => throw new CardActionException($"'{context.Verb}' is not an action of the management review digest."),
        };
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
        var card = await service.CardAsync(run.Digest.Id,
            $"Sent to {run.Delivered} recipient{(run.Delivered == 1 ? "" : "s")}" + (run.Unreachable > 0 ? $" ({run.Unreachable} could not be reached: the app is not installed for them)" : "") +
            ". Archived as evidence (card and readable page).", cancellationToken);
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
public sealed class SendManagementReviewHandler(ApiCallerResolver callers, ManagementReviewService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "send the management review digest");
        if (error is not null) return error;
        var run = await service.SendAsync(caller!, context.RequestAborted);
        return ApiCall.Json(new { digest = run.Digest, run.Delivered, run.Unreachable, evidence = new[] { run.CardEvidenceId, run.HtmlEvidenceId } }, 201);
    }
}

/// <summary><c>POST /api/management-reviews/opportunities</c> (AIMS manager): an opportunity for improvement for the next digests.</summary>
public sealed class AddOpportunityHandler(ApiCallerResolver callers, ManagementReviewService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "record opportunities for improvement");
        if (error is not null) return error;
        OpportunityInput? input;
        try
        {
            input = await System.Text.Json.JsonSerializer.DeserializeAsync<OpportunityInput>(context.Request.Body, RegisterJson.Options, context.RequestAborted);
        }
        catch (System.Text.Json.JsonException)
        {
            input = null;
        }

        if (string.IsNullOrWhiteSpace(input?.Text) || input.Text.Length > 1000)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = ["Text is required (at most 1000 characters)."] });
        }

        return ApiCall.Json(await service.AddOpportunityAsync(input.Text, caller!, context.RequestAborted), 201);
    }
}

/// <summary><c>POST /api/management-reviews/actions/{id}/complete</c>: the action's owner, top management or an AIMS manager marks it done.</summary>
public sealed class CompleteReviewActionHandler(ApiCallerResolver callers, ManagementReviewService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = await callers.AuthenticateAsync(context);
        if (caller is null) return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "Sign in: a valid Entra ID access token for this API is required.");
        try
        {
            return ApiCall.Json(await service.CompleteActionAsync(context.Request.RouteValues["id"]?.ToString() ?? string.Empty, caller, context.RequestAborted));
        }
        catch (KeyNotFoundException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: ex.Message);
        }
        catch (AccessDeniedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: ex.Message);
        }
    }
}
