using System.Text.Json;
using Aims.Application.Http;
using Aims.Application.Work;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Reviews;

/// <summary>A review task card: what to review, for which period, and "Reviewed, no change" / "Changes needed" for the reviewer.</summary>
public static class ReviewTaskCard
{
    public const string VerbNoChange = "reviewtask.nochange";
    public const string VerbChanges = "reviewtask.changes";
    public const string ChangesComment = "changesComment";

    public static AdaptiveCard Create(ReviewTask task, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var body = new List<CardElement>
        {
            TextBlock.Plain("Review due: " + CardText.Truncate(task.Title, 200), weight: "Bolder", size: "Large"),
            new FactSet
            {
                Facts =
                [
                    new Fact("Period", task.Period),
                    new Fact("Clauses", string.Join(", ", task.Clauses)),
                    new Fact("Status", task.Status switch { ReviewTaskStatus.ReviewedNoChange => "Reviewed, no change", ReviewTaskStatus.ChangesNeeded => "Changes needed", _ => "Open" }),
                ],
            },
        };
        if (task.Comment is not null)
        {
            body.Add(new RichTextBlock { Inlines = [new TextRun { Text = CardText.Truncate(task.Comment, 1000) }] });
        }

        if (notice is not null)
        {
            body.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        }

        var card = new AdaptiveCard { FallbackText = $"Review due: {CardText.Truncate(task.Title, 80)}", Body = body };
        if (task.Status == ReviewTaskStatus.Open)
        {
            var data = new Dictionary<string, string?> { ["taskId"] = task.Id };
            card.Actions =
            [
                new ExecuteAction { Title = "Reviewed, no change", Verb = VerbNoChange, Data = data, Style = "positive" },
                new ShowCardAction
                {
                    Title = "Changes needed",
                    Card = new AdaptiveCard
                    {
                        MsTeams = null,
                        Body = [new TextInput { Id = ChangesComment, Label = "What must change?", IsMultiline = true, IsRequired = true, MaxLength = 1000, ErrorMessage = "Say what must change." }],
                        Actions = [new ExecuteAction { Title = "Send", Verb = VerbChanges, Data = new Dictionary<string, string?>(data), AssociatedInputs = "auto" }],
                    },
                },
            ];
        }

        return card;
    }
}

/// <summary>Review cycles: opens each cycle's task once per period, sends it to the reviewer, records the outcome as evidence.</summary>
public sealed class ReviewCycleService(IReviewCycles cycles, IEvidenceStore evidence, ProactiveMessenger messenger, RoleResolver roles, TimeProvider time, ILogger<ReviewCycleService> logger)
{
    public async Task<int> OpenDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var opened = 0;
        await foreach (var cycle in cycles.ListCyclesAsync(cancellationToken))
        {
            var period = cycle.PeriodKey(today);
            var task = new ReviewTask(ReviewTask.IdFor(cycle.Id, period), cycle.Id, cycle.Title, period, cycle.ReviewerObjectId, cycle.Clauses, now);
            if (!await cycles.TryOpenTaskAsync(task, cancellationToken))
            {
                continue;
            }

            opened++;
            var result = await messenger.SendCardAsync(cycle.ReviewerObjectId, ReviewTaskCard.Create(task), cancellationToken);
            if (!result.Delivered)
            {
                logger.LogWarning("Review task {TaskId} could not reach {ObjectId}: {Reason}", task.Id, cycle.ReviewerObjectId, result.Reason);
            }
        }

        return opened;
    }

    public async Task<AdaptiveCard> DecideAsync(string taskId, Actor actor, ReviewTaskStatus outcome, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var task = await cycles.GetTaskAsync(taskId, cancellationToken) ?? throw new CardActionException($"Review task {taskId} no longer exists.");
        if (task.Status != ReviewTaskStatus.Open)
        {
            return ReviewTaskCard.Create(task, "Already decided.");
        }

        if (!string.Equals(task.ReviewerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase)
            && !(await roles.GetRolesAsync(actor.ObjectId, RoleFreshness.Current, cancellationToken)).Has(AimsRole.AimsManager))
        {
            return ReviewTaskCard.Create(task, "Not allowed: only the assigned reviewer or an AIMS manager decides this review.");
        }

        if (outcome == ReviewTaskStatus.ChangesNeeded && string.IsNullOrWhiteSpace(comment))
        {
            return ReviewTaskCard.Create(task, "Say what must change.");
        }

        var now = time.GetUtcNow();
        var decided = task with { Status = outcome, Comment = comment?.Trim(), DecidedBy = actor.ObjectId, DecidedAt = now };
        await cycles.UpdateTaskAsync(decided, cancellationToken);
        await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.ReviewOutcome, $"review-cycle:{task.CycleId}", actor,
            [.. task.Clauses.Where(c => !c.StartsWith("A.", StringComparison.OrdinalIgnoreCase))], [.. task.Clauses.Where(c => c.StartsWith("A.", StringComparison.OrdinalIgnoreCase))], task.Id,
            $"Review {task.Period} of {new string([.. task.Title.Where(c => !char.IsControl(c))]).Trim()}: {(outcome == ReviewTaskStatus.ChangesNeeded ? "changes needed" : "reviewed, no change")} ({actor.DisplayName})",
            decided, now, RegisterJson.Options), cancellationToken);
        return ReviewTaskCard.Create(decided);
    }
}

public sealed class ReviewTaskCardActions(ReviewCycleService service) : ICardActionHandler
{
    public string Verb => "reviewtask.";

    public Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Require("taskId");
        return context.Verb switch
        {
            ReviewTaskCard.VerbNoChange => service.DecideAsync(id, context.Actor, ReviewTaskStatus.ReviewedNoChange, null, context.Turn.CancellationToken),
            ReviewTaskCard.VerbChanges => service.DecideAsync(id, context.Actor, ReviewTaskStatus.ChangesNeeded, context.Data.GetValueOrDefault(ReviewTaskCard.ChangesComment), context.Turn.CancellationToken),
            _ => throw new CardActionException($"'{context.Verb}' is not an action of review tasks."),
        };
    }
}

/// <summary>Daily: opens the review tasks of the periods that have begun (each cycle's task once per period).</summary>
public sealed class ReviewCycleJob(ReviewCycleService service, ILogger<ReviewCycleJob> logger) : IScheduledJob
{
    public string Name => AimsSchedules.ReviewCyclesJob;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var opened = await service.OpenDueAsync(cancellationToken);
        logger.LogInformation("Review cycles: {Opened} tasks opened", opened);
    }
}

public sealed record ReviewCycleInput(string? Title, string? ReviewerObjectId, int? PeriodMonths, IReadOnlyList<string>? Clauses);

/// <summary><c>POST /api/review-cycles</c> (AIMS manager): defines a review cycle.</summary>
public sealed class CreateReviewCycleHandler(ApiCallerResolver callers, IReviewCycles cycles, TimeProvider time) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "define review cycles");
        if (error is not null) return error;
        ReviewCycleInput? input;
        try
        {
            input = await JsonSerializer.DeserializeAsync<ReviewCycleInput>(context.Request.Body, RegisterJson.Options, context.RequestAborted);
        }
        catch (JsonException)
        {
            input = null;
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input?.Title) || input.Title.Length > 200) errors["title"] = ["A title of at most 200 characters is required."];
        if (string.IsNullOrWhiteSpace(input?.ReviewerObjectId)) errors["reviewerObjectId"] = ["A reviewer is required."];
        if (input?.PeriodMonths is not (>= 1 and <= 36)) errors["periodMonths"] = ["periodMonths is 1 to 36."];
        var clauses = input?.Clauses is { Count: > 0 } c ? c : ["9.1"];
        if (clauses.Count > 10 || clauses.Any(x => x is null || !System.Text.RegularExpressions.Regex.IsMatch(x, "^[A-Za-z0-9.]{1,20}$"))) errors["clauses"] = ["Clause ids like 5.2 or A.2.4 (at most 10)."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        var cycle = new ReviewCycle("RC-" + Guid.NewGuid().ToString("N")[..8], input!.Title!.Trim(), input.ReviewerObjectId!.Trim(), input.PeriodMonths!.Value, clauses, time.GetUtcNow());
        await cycles.SaveCycleAsync(cycle, context.RequestAborted);
        return Results.Json(cycle, RegisterJson.Options, statusCode: 201);
    }
}

/// <summary><c>GET /api/review-cycles</c> (AIMS managers, auditors).</summary>
public sealed class ListReviewCyclesHandler(ApiCallerResolver callers, IReviewCycles cycles) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, [AimsRole.AimsManager, AimsRole.Auditor], "read review cycles");
        if (error is not null) return error;
        var list = new List<ReviewCycle>();
        await foreach (var cycle in cycles.ListCyclesAsync(context.RequestAborted)) list.Add(cycle);
        return Results.Json(new { items = list }, RegisterJson.Options);
    }
}
