using System.Globalization;
using Aims.Application.Workspace;
using Aims.Core.Reviews;
using Aims.Teams.Cards;

namespace Aims.Application.Reviews;

/// <summary>What a review task card shows about its item: facts, changes since the last review, and where to open it.</summary>
public sealed record ReviewItemView(IReadOnlyList<(string Title, string Value)> Facts, string ChangesHeading, IReadOnlyList<string> Changes, string ApiPath, Uri? Link);

/// <summary>
/// A review task card: the item's facts, what changed since its last review, "Reviewed, no change" and "Changes needed"
/// (comment required) for the task's owner, and a link to the item. A supplier review asks for the supplier assessment
/// instead; an impact assessment review has no answer of its own (the re-assessment completes it).
/// </summary>
public static class ReviewTaskCard
{
    public const string VerbNoChange = "reviewtask.nochange";
    public const string VerbChanges = "reviewtask.changes";
    public const string VerbAssessSupplier = "reviewtask.assess";
    public const string ChangesComment = "changesComment";
    public const string AssessmentOutcome = "assessmentOutcome";
    public const string AssessmentSummary = "assessmentSummary";

    /// <summary>How a review answered by a record is completed, or null for a review answered on its card.</summary>
    public static string? AnsweredByRecord(ReviewTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Kind switch
        {
            ReviewKind.SupplierReview when task.ItemKey.StartsWith("supplier:", StringComparison.Ordinal) => "A supplier review is answered by the supplier assessment: choose its outcome and say what was found.",
            ReviewKind.ImpactAssessmentReview => "This review is completed by the re-assessment: a new version approved by an independent reviewer, or an independent reviewer recording it reviewed with no change.",
            _ => null,
        };
    }
    public const int MaxChangesShown = 8;

    /// <summary>
    /// The workspace page of the task's item: the AI system (a supplier's too: the system page lists its suppliers), the impact
    /// assessments for a re-assessment, the SoA, the documents for the AI policy, the audits for the audit programme.
    /// </summary>
    public static string WorkspaceRoute(ReviewTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (ReviewItems.TryParseSupplierKey(task.ItemKey, out _, out var supplierSystem))
        {
            return WorkspaceRoutes.System(supplierSystem);
        }

        if (task.ItemKey.StartsWith("ai-system:", StringComparison.Ordinal) && task.ItemKey.Length > "ai-system:".Length)
        {
            return task.Kind == ReviewKind.ImpactAssessmentReview ? WorkspaceRoutes.Assessments : WorkspaceRoutes.System(task.ItemKey["ai-system:".Length..]);
        }

        return task.ItemKey switch
        {
            "soa" => WorkspaceRoutes.Soa,
            "ai-policy" => WorkspaceRoutes.Documents,
            _ => WorkspaceRoutes.Audits,
        };
    }

    public static AdaptiveCard Create(ReviewTask task, ReviewItemView? item, WorkspaceLinks links, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(links);
        var open = links.Action(WorkspaceRoute(task));
        var heading = task.Reason is null ? "Review due: " : "Out-of-cycle review: ";
        var body = new List<CardElement>
        {
            TextBlock.Plain(heading + CardText.Truncate(task.Title, 200), weight: "Bolder", size: "Large"),
            new FactSet
            {
                Facts =
                [
                    new Fact("Item", CardText.Truncate(task.ItemName, 200)),
                    new Fact("Review", ReviewKinds.Describe(task.Kind)),
                    new Fact("Period", task.Period),
                    new Fact("Due", task.DueAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    new Fact("Clauses", string.Join(", ", task.Clauses.Concat(task.Controls))),
                    new Fact("Status", StatusText(task.Status)),
                    .. (item?.Facts ?? []).Select(f => new Fact(f.Title, CardText.Truncate(f.Value, 300))),
                ],
            },
        };
        if (task.Reason is not null)
        {
            body.Add(new RichTextBlock { Inlines = [new TextRun { Text = "Why now: " + CardText.Truncate(task.Reason, 800) }] });
        }

        if (item is not null)
        {
            body.Add(TextBlock.Plain(item.ChangesHeading, weight: "Bolder"));
            body.Add(item.Changes.Count == 0
                ? TextBlock.Plain("No recorded change.", subtle: true)
                : new RichTextBlock { Inlines = [new TextRun { Text = string.Join("\n", item.Changes.Take(MaxChangesShown).Select(c => "• " + CardText.Truncate(c, 240))) }] });
            if (item.Changes.Count > MaxChangesShown)
            {
                body.Add(TextBlock.Plain($"…and {item.Changes.Count - MaxChangesShown} more.", subtle: true));
            }

            if (item.Link is null && open is null)
            {
                body.Add(TextBlock.Plain("Open it through the API: GET " + item.ApiPath, subtle: true));
            }
        }

        if (task.Comment is not null)
        {
            body.Add(new RichTextBlock { Inlines = [new TextRun { Text = CardText.Truncate(task.Comment, 1000) }] });
        }

        if (notice is not null)
        {
            body.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        }

        var card = new AdaptiveCard { FallbackText = $"{heading}{CardText.Truncate(task.Title, 80)}", Body = body };
        var actions = new List<CardAction>();
        var byRecord = AnsweredByRecord(task);
        if (task.Status == ReviewTaskStatus.Open && byRecord is not null)
        {
            body.Add(TextBlock.Plain(byRecord, subtle: true));
            if (task.Kind == ReviewKind.SupplierReview)
            {
                actions.Add(new ShowCardAction
                {
                    Title = "Record the supplier assessment",
                    Card = new AdaptiveCard
                    {
                        MsTeams = null,
                        Body =
                        [
                            new ChoiceSetInput
                            {
                                Id = AssessmentOutcome, Label = "Outcome", IsRequired = true, Style = "compact", ErrorMessage = "Choose the outcome.",
                                Choices = [new Choice { Title = "Satisfactory", Value = "Satisfactory" }, new Choice { Title = "Conditions apply", Value = "ConditionsApply" }, new Choice { Title = "Unsatisfactory", Value = "Unsatisfactory" }],
                            },
                            new TextInput { Id = AssessmentSummary, Label = "What was assessed and found", IsMultiline = true, IsRequired = true, MaxLength = 1000, ErrorMessage = "Say what was assessed and found." },
                        ],
                        Actions = [new ExecuteAction { Title = "Record", Verb = VerbAssessSupplier, Data = new Dictionary<string, string?> { ["taskId"] = task.Id }, AssociatedInputs = "auto" }],
                    },
                });
            }
        }
        else if (task.Status == ReviewTaskStatus.Open)
        {
            var data = new Dictionary<string, string?> { ["taskId"] = task.Id };
            actions.Add(new ExecuteAction { Title = "Reviewed, no change", Verb = VerbNoChange, Data = data, Style = "positive" });
            actions.Add(new ShowCardAction
            {
                Title = "Changes needed",
                Card = new AdaptiveCard
                {
                    MsTeams = null,
                    Body = [new TextInput { Id = ChangesComment, Label = "What must change?", IsMultiline = true, IsRequired = true, MaxLength = 1000, ErrorMessage = "Say what must change." }],
                    Actions = [new ExecuteAction { Title = "Send", Verb = VerbChanges, Data = new Dictionary<string, string?>(data), AssociatedInputs = "auto" }],
                },
            });
        }

        if (open is not null)
        {
            actions.Add(open);
        }
        else if (item?.Link is { } link)
        {
            actions.Add(new OpenUrlAction { Title = "Open the item", Url = link.AbsoluteUri });
        }

        if (actions.Count > 0)
        {
            card.Actions = actions;
        }

        return card;
    }

    public static string StatusText(ReviewTaskStatus status) => status switch
    {
        ReviewTaskStatus.ReviewedNoChange => "Reviewed, no change",
        ReviewTaskStatus.ChangesNeeded => "Changes needed",
        _ => "Open",
    };
}

/// <summary>The closure report of a cycle period for the AIMS managers: done, overdue and the "changes needed" findings.</summary>
public static class ReviewClosureCard
{
    public const int MaxFindingsShown = 15;

    public static AdaptiveCard Create(ReviewClosureReport report, Func<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(names);
        var body = new List<CardElement>
        {
            TextBlock.Plain("Review closed: " + CardText.Truncate(report.Title, 200), weight: "Bolder", size: "Large"),
            new FactSet
            {
                Facts =
                [
                    new Fact("Review", ReviewKinds.Describe(report.Kind)),
                    new Fact("Period", report.Period),
                    new Fact("Closed", report.AllDone ? "all tasks done" : "end date reached"),
                    new Fact("Tasks", report.Tasks.ToString(CultureInfo.InvariantCulture)),
                    new Fact("Reviewed, no change", report.ReviewedNoChange.ToString(CultureInfo.InvariantCulture)),
                    new Fact("Changes needed", report.ChangesNeeded.ToString(CultureInfo.InvariantCulture)),
                    new Fact("Not done (overdue)", report.Overdue.ToString(CultureInfo.InvariantCulture)),
                ],
            },
        };
        if (report.Findings.Count > 0)
        {
            body.Add(TextBlock.Plain("Findings", weight: "Bolder"));
            body.Add(new RichTextBlock
            {
                Inlines = [new TextRun { Text = string.Join("\n", report.Findings.Take(MaxFindingsShown).Select(f => $"• {CardText.Truncate(f.ItemName, 80)} ({names(f.OwnerObjectId)}): {CardText.Truncate(f.Comment, 300)}")) }],
            });
        }

        if (report.NotDone.Count > 0)
        {
            body.Add(TextBlock.Plain("Not done: " + CardText.Truncate(string.Join(", ", report.NotDone), 600), subtle: true));
        }

        return new AdaptiveCard { FallbackText = $"Review closed: {CardText.Truncate(report.Title, 80)}", Body = body };
    }
}
