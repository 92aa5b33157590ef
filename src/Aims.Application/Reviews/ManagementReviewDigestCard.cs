using System.Globalization;
using Aims.Application.Risks;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Objectives;
using Aims.Core.Reviews;
using Aims.Core.Risks;
using Aims.Teams.Cards;

namespace Aims.Application.Reviews;

/// <summary>
/// The management review digest (clause 9.3) as a card: the 9.3.2 inputs, the residual heatmap with counts per cell, the
/// responses so far, and for top management Acknowledge / Record decision / Assign action (9.3.3). Only aggregates and a
/// bounded number of lines are shown, so the card stays small whatever the size of the register.
/// </summary>
public static class ManagementReviewDigestCard
{
    public const string VerbAcknowledge = "review.acknowledge";
    public const string VerbRefresh = "review.refresh";
    public const string VerbDecide = "review.decide";
    public const string VerbAssign = "review.assign";
    public const string DecisionText = "decisionText";
    public const string ActionText = "actionText";
    public const string ActionOwner = "actionOwner";
    public const string ActionDue = "actionDue";
    public const int MaxResponses = 10;
    public const string VerbRecord = "review.record";
    public const string RecordHeldOn = "reviewHeldOn";
    public const string RecordAttendees = "reviewAttendees";
    public const string RecordSuitable = "reviewSuitable";
    public const string RecordAdequate = "reviewAdequate";
    public const string RecordEffective = "reviewEffective";
    public const string RecordConclusion = "reviewConclusion";
    public const string RecordDecision = "reviewDecision";
    public const string RecordTopic = "reviewDecisionTopic";
    public const string RecordOpportunity = "reviewOpportunity";
    public const string RecordOpportunityOutcome = "reviewOpportunityOutcome";
    public const string RecordActionText = "reviewActionText";
    public const string RecordActionOwner = "reviewActionOwner";
    public const string RecordActionDue = "reviewActionDue";

    public static AdaptiveCard Build(
        ManagementReviewDigest digest,
        RiskMatrix matrix,
        IReadOnlyList<LeadershipItem> responses,
        IReadOnlyList<Choice> owners,
        Func<string, string> nameOf,
        WorkspaceLinks links,
        bool withActions,
        string? notice = null,
        IReadOnlyList<string>? refreshUserIds = null,
        DigestReviewView? review = null)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(nameOf);
        ArgumentNullException.ThrowIfNull(links);
        var r = digest.Risks;
        var a = digest.PreviousActions;
        var body = new List<CardElement>
        {
            TextBlock.Heading("Management review digest"),
            TextBlock.Plain($"{digest.Id}, as of {Date(digest.At)} UTC. " + (digest.PreviousAt is { } p ? $"Trends compare with the digest of {Date(p)}." : "First digest: no trend yet."), subtle: true),
            Section("Status of actions from previous reviews (9.3.2 a)"),
            new FactSet
            {
                Facts =
                [
                    new Fact("Open actions", a.Open.ToString(CultureInfo.InvariantCulture)),
                    new Fact("Overdue actions", a.Overdue.ToString(CultureInfo.InvariantCulture)),
                    new Fact("Done actions", a.Done.ToString(CultureInfo.InvariantCulture)),
                    new Fact("Decisions recorded", a.Decisions.ToString(CultureInfo.InvariantCulture)),
                ],
            },
        };
        foreach (var line in a.OpenActions)
        {
            body.Add(TextBlock.Plain($"• {CardText.Truncate(line.Text, 200)} ({(line.OwnerObjectId is null ? "no owner" : nameOf(line.OwnerObjectId))}, due {line.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "not set"}{(line.Overdue ? ", OVERDUE" : "")})", color: line.Overdue ? "Attention" : null));
        }

        foreach (var decision in a.RecentDecisions)
        {
            body.Add(TextBlock.Plain("Decision " + CardText.Truncate(decision, 240), subtle: true));
        }

        body.Add(Section("Changes in issues and interested parties (9.3.2 b, c)"));
        AddLines(body, digest.InterestedPartyChanges, "No changes reported.");

        body.Add(Section("AIMS performance (9.3.2 d)"));
        body.Add(new FactSet
        {
            Facts =
            [
                new Fact("AI risks", r.Total.ToString(CultureInfo.InvariantCulture)),
                .. Enum.GetValues<RiskLevel>().Reverse().Select(l => new Fact($"Residual {l}", Trend(r.ByResidualLevel[l], r.PreviousByResidualLevel?[l]))),
                new Fact("Awaiting approval", r.PendingApprovals.ToString(CultureInfo.InvariantCulture)),
                new Fact("Risk decisions in period", r.DecisionsInPeriod.ToString(CultureInfo.InvariantCulture)),
                new Fact("Overdue treatment actions", r.OverdueTreatmentActions.ToString(CultureInfo.InvariantCulture)),
                new Fact("Accepted risks", r.Accepted.ToString(CultureInfo.InvariantCulture)),
                new Fact("Acceptances expiring in 30 days", r.AcceptancesExpiringWithin30Days.ToString(CultureInfo.InvariantCulture)),
                new Fact("Gap analysis coverage", digest.Coverage is { } c ? $"{c.Percent.ToString("0.#", CultureInfo.InvariantCulture)} % ({c.Covered} of {c.Total})" : "no data"),
                new Fact("Nonconformities and incidents", $"{digest.Reports.Open} open ({Severities(digest.Reports.OpenBySeverity)}), {digest.Reports.Closed} closed ({Severities(digest.Reports.ClosedBySeverity)})"),
                new Fact("Since the last review", ReportTrend(digest.Reports)),
                new Fact("Corrective actions", CorrectiveActions(digest.Reports)),
                new Fact("Training completion", digest.TrainingByDepartment is null ? "no data" : digest.TrainingByDepartment.Count == 0 ? "nothing assigned" : string.Join("; ", digest.TrainingByDepartment.Take(MaxResponses).Select(t => $"{t.Department}: {t.Completed}/{t.Assigned}"))),
            ],
        });
        body.Add(TextBlock.Plain("Residual risks on the 5x5 matrix (count per cell; likelihood down, impact across):", subtle: true));
        body.Add(RiskApprovalCard.Heatmap(matrix, null, null, (l, i) => r.At(l, i) is var n && n > 0 ? n.ToString(CultureInfo.InvariantCulture) : string.Empty));
        body.Add(TextBlock.Plain("Audit results", weight: "Bolder"));
        AddLines(body, digest.AuditResults, "No audit results reported.");
        body.Add(TextBlock.Plain("AI objectives since the last review (6.2, 9.1)", weight: "Bolder"));
        if (digest.Objectives is null)
        {
            body.Add(TextBlock.Plain("no data (source not connected yet)", subtle: true));
        }
        else
        {
            var o = digest.Objectives;
            body.Add(TextBlock.Plain(o.Count == 0 ? "No AI objectives set." : string.Create(CultureInfo.InvariantCulture,
                $"{o.Count} objectives: {o.Count(t => t.Status == TrendStatus.OnTarget)} on target, {o.Count(t => t.Status == TrendStatus.OffTarget)} off target, {o.Count(t => t.Status == TrendStatus.NoData)} without data."),
                color: o.Any(t => t.Status == TrendStatus.OffTarget) ? "Attention" : null));
            // Off target first; the full list is on the archived HTML page.
            foreach (var trend in o.Where(t => t.Status != TrendStatus.OnTarget).OrderBy(t => t.Status).Take(1))
            {
                body.Add(TextBlock.Plain("• " + CardText.Truncate(trend.Line, 120)));
            }
        }

        if (digest.DocumentsPastReview is { Count: > 0 } late)
        {
            var ids = string.Join(", ", late.Take(8).Select(l => l.Split(' ', 2)[0]));
            body.Add(TextBlock.Plain($"{late.Count} documents past their review date (7.5.2): {CardText.Truncate(ids, 80)}{(late.Count > 8 ? ", …" : string.Empty)}", color: "Attention"));
        }

        // The summary line and the first item needing attention of each; the full lists are on the archived HTML page.
        AddFirstLines(body, "Impact assessments (6.1.4, 8.4)", digest.ImpactAssessments, 2, attention: digest.ImpactAssessments is { Count: > 1 });
        AddFirstLines(body, "SoA changes not yet approved (6.1.3)", digest.SoaChanges, 1, attention: digest.SoaChanges is { Count: > 0 });
        AddFirstLines(body, "Supplier reviews (A.10.3)", digest.SupplierReviews, 1, attention: digest.SupplierReviews?.Any(l => l.Contains(": unsatisfactory on ", StringComparison.Ordinal)) == true);

        body.Add(Section("Opportunities for improvement (9.3.2 e)"));
        AddLines(body, digest.Opportunities, "None recorded.");

        if (responses.Count > 0)
        {
            body.Add(Section("Leadership responses (9.3.3)"));
            foreach (var item in responses.OrderBy(i => i.At).TakeLast(MaxResponses))
            {
                body.Add(TextBlock.Plain(item.Kind switch
                {
                    LeadershipItemKind.Acknowledgement => $"{Date(item.At)}: acknowledged by {item.ByName}",
                    LeadershipItemKind.Decision => $"{Date(item.At)}: decision by {item.ByName}: \u201c{CardText.Truncate(item.Text, 300)}\u201d",
                    _ => $"{Date(item.At)}: action for {(item.OwnerObjectId is null ? "no owner" : nameOf(item.OwnerObjectId))}, due {item.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: \u201c{CardText.Truncate(item.Text, 300)}\u201d (by {item.ByName})",
                }));
            }
        }

        if (review?.Record is { } record)
        {
            AddRecord(body, record, nameOf);
        }

        if (digest.Ledger is { } ledger)
        {
            body.Add(TextBlock.Plain($"Evidence ledger at this digest: {ledger.Sequence.ToString(CultureInfo.InvariantCulture)} entries, root hash {ledger.RootHash}. Any later audit pack must contain this entry unchanged.", subtle: true));
        }

        body.Add(new TextBlock { Text = "Details: type **risks** or **gaps**; the archived digest is in the evidence store (kind management-review-digest).", IsSubtle = true, Spacing = "Medium" });
        if (notice is not null)
        {
            body.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        }

        var card = new AdaptiveCard { FallbackText = $"Management review digest {digest.Id}", Body = body };
        if (refreshUserIds is { Count: > 0 })
        {
            // Teams asks the bot for each listed person's own view (ManagementReviewCardActions): the buttons only for top management.
            card.Refresh = new CardRefresh
            {
                Action = new ExecuteAction { Title = "Refresh", Verb = VerbRefresh, Data = new Dictionary<string, string?> { ["digestId"] = digest.Id } },
                UserIds = [.. refreshUserIds.Take(CardRefresh.MaxUserIds)],
            };
        }

        if (withActions)
        {
            var data = new Dictionary<string, string?> { ["digestId"] = digest.Id };
            card.Actions =
            [
                .. review is { Record: null } ? [RecordForm(digest, owners, review.OpenOpportunities, data)] : Array.Empty<CardAction>(),
                new ExecuteAction { Title = "Acknowledge", Verb = VerbAcknowledge, Data = data, Style = "positive" },
                new ShowCardAction
                {
                    Title = "Record decision",
                    Card = new AdaptiveCard
                    {
                        MsTeams = null,
                        Body = [new TextInput { Id = DecisionText, Label = "Decision", IsMultiline = true, IsRequired = true, MaxLength = 1000, ErrorMessage = "Write the decision." }],
                        Actions = [new ExecuteAction { Title = "Record", Verb = VerbDecide, Data = new Dictionary<string, string?>(data), AssociatedInputs = "auto" }],
                    },
                },
                new ShowCardAction
                {
                    Title = "Assign action",
                    Card = new AdaptiveCard
                    {
                        MsTeams = null,
                        Body =
                        [
                            new TextInput { Id = ActionText, Label = "Action", IsMultiline = true, IsRequired = true, MaxLength = 1000, ErrorMessage = "Describe the action." },
                            PeoplePicker(ActionOwner, "Owner", owners, multiSelect: false, "Choose an owner."),
                            new DateInput { Id = ActionDue, Label = "Due date", IsRequired = true, Min = digest.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ErrorMessage = "Pick a due date." },
                        ],
                        Actions = [new ExecuteAction { Title = "Assign", Verb = VerbAssign, Data = new Dictionary<string, string?>(data), AssociatedInputs = "auto" }],
                    },
                },
            ];
        }

        // The review page shows the latest digest's inputs and, for top management, the form that records the review.
        return links.AddTo(card, WorkspaceRoutes.Review);
    }

    private static void AddRecord(List<CardElement> body, ManagementReviewRecord record, Func<string, string> nameOf)
    {
        body.Add(Section($"Management review record (9.3.1, 9.3.3): {(record.Status == ManagementReviewStatus.Closed ? "closed" : "recorded")}"));
        body.Add(new FactSet
        {
            Facts =
            [
                new Fact("Held on", record.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                new Fact("Attendees", CardText.Truncate(string.Join(", ", record.Attendees.Select(a => a.Name)), 400)),
                new Fact("Still suitable", record.Suitable.ToString()),
                new Fact("Adequate", record.Adequate.ToString()),
                new Fact("Effective", record.Effective.ToString()),
                new Fact("Recorded by", $"{record.RecordedByName}, {Date(record.RecordedAt)}"),
            ],
        });
        body.Add(TextBlock.Plain("Conclusion: " + CardText.Truncate(record.Conclusion, 600)));
        foreach (var d in record.Decisions.Take(MaxResponses))
        {
            var about = d.Topic == ReviewDecisionTopic.ChangeToAims ? "change to the AIMS"
                : $"opportunity {d.OpportunityId}, {(d.OpportunityDeclined ? "declined" : "accepted")}";
            var action = d.ActionId is null ? string.Empty
                : $"; action for {(d.ActionOwner is null ? "no owner" : nameOf(d.ActionOwner))}, due {d.ActionDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
            body.Add(TextBlock.Plain($"Decision ({about}{action}): \u201c{CardText.Truncate(d.Text, 300)}\u201d"));
        }
    }

    /// <summary>The form top management fills in after the review meeting: the record of the review, with one decision.</summary>
    private static ShowCardAction RecordForm(ManagementReviewDigest digest, IReadOnlyList<Choice> owners, IReadOnlyList<Choice> opportunities, Dictionary<string, string?> data)
    {
        Choice[] judgements = [new() { Title = "Yes", Value = nameof(ReviewJudgement.Yes) }, new() { Title = "Partly", Value = nameof(ReviewJudgement.Partly) }, new() { Title = "No", Value = nameof(ReviewJudgement.No) }];
        var digestDay = digest.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new ShowCardAction
        {
            Title = "Record the review",
            Card = new AdaptiveCard
            {
                MsTeams = null,
                Body =
                [
                    TextBlock.Plain("After the review meeting: who attended, the conclusion on the AIMS (9.3.1) and a decision (9.3.3). Further decisions can be recorded below.", subtle: true),
                    new DateInput { Id = RecordHeldOn, Label = "Date of the review", IsRequired = true, Min = digestDay, ErrorMessage = "Pick the date the review was held." },
                    PeoplePicker(RecordAttendees, "Attendees", owners, multiSelect: true, "Choose who attended."),
                    new ChoiceSetInput { Id = RecordSuitable, Label = "Is the AIMS still suitable?", IsRequired = true, Style = "compact", Choices = judgements, ErrorMessage = "Choose Yes, Partly or No." },
                    new ChoiceSetInput { Id = RecordAdequate, Label = "Is the AIMS adequate?", IsRequired = true, Style = "compact", Choices = judgements, ErrorMessage = "Choose Yes, Partly or No." },
                    new ChoiceSetInput { Id = RecordEffective, Label = "Is the AIMS effective?", IsRequired = true, Style = "compact", Choices = judgements, ErrorMessage = "Choose Yes, Partly or No." },
                    new TextInput { Id = RecordConclusion, Label = "Conclusion", IsMultiline = true, IsRequired = true, MaxLength = ManagementReviewRules.MaxConclusion, ErrorMessage = "Write the review's conclusion." },
                    new TextInput { Id = RecordDecision, Label = "Decision (optional)", IsMultiline = true, MaxLength = ManagementReviewRules.MaxDecision },
                    new ChoiceSetInput
                    {
                        Id = RecordTopic, Label = "Decision is about", Style = "compact",
                        Choices = [new() { Title = "An improvement opportunity", Value = nameof(ReviewDecisionTopic.ImprovementOpportunity) }, new() { Title = "A change to the AIMS", Value = nameof(ReviewDecisionTopic.ChangeToAims) }],
                    },
                    new ChoiceSetInput { Id = RecordOpportunity, Label = "Opportunity", Style = "compact", Choices = [.. opportunities] },
                    new ChoiceSetInput
                    {
                        Id = RecordOpportunityOutcome, Label = "Opportunity outcome", Style = "compact",
                        Choices = [new() { Title = "Accept: carried out by the action below", Value = "accept" }, new() { Title = "Decline: the decision is the reason", Value = "decline" }],
                    },
                    new TextInput { Id = RecordActionText, Label = "Action", IsMultiline = true, MaxLength = ManagementReviewRules.MaxDecision },
                    PeoplePicker(RecordActionOwner, "Action owner", owners, multiSelect: false, null),
                    new DateInput { Id = RecordActionDue, Label = "Action due date", Min = digestDay },
                ],
                Actions = [new ExecuteAction { Title = "Record", Verb = VerbRecord, Data = new Dictionary<string, string?>(data), AssociatedInputs = "auto", Style = "positive" }],
            },
        };
    }

    /// <summary>
    /// A person picked by name: typing searches the directory (Teams' typeahead, <c>Data.Query</c> people); the people the digest
    /// kept are offered before anything is typed. The server checks the picked ids again.
    /// </summary>
    private static ChoiceSetInput PeoplePicker(string id, string label, IReadOnlyList<Choice> offered, bool multiSelect, string? required) => new()
    {
        Id = id,
        Label = label,
        IsRequired = required is null ? null : true,
        ErrorMessage = required,
        Style = "filtered",
        IsMultiSelect = multiSelect ? true : null,
        Placeholder = "Type part of a person's name",
        ChoicesData = new DataQuery { Dataset = DirectoryQuery.DatasetName(DirectoryDataset.People) },
        Choices = [.. offered],
    };

    private static TextBlock Section(string title) => new() { Text = CardText.Escape(title), Weight = "Bolder", Spacing = "Large", Separator = true };

    private static void AddLines(List<CardElement> body, IReadOnlyList<string>? lines, string empty)
    {
        if (lines is null)
        {
            body.Add(TextBlock.Plain("no data (source not connected yet)", subtle: true));
            return;
        }

        if (lines.Count == 0)
        {
            body.Add(TextBlock.Plain(empty, subtle: true));
            return;
        }

        foreach (var line in lines.Take(MaxResponses))
        {
            body.Add(TextBlock.Plain("• " + CardText.Truncate(line, 300)));
        }
    }

    public static string Trend(int now, int? before) => before is not { } b ? now.ToString(CultureInfo.InvariantCulture)
        : now == b ? $"{now} (unchanged)"
        : $"{now} ({(now > b ? "up" : "down")} {Math.Abs(now - b)})";

    /// <summary>Opened and closed since the previous review, and the open count against the previous review's.</summary>
    public static string ReportTrend(ReportFigures reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        return reports.OpenedInPeriod is not { } opened
            ? "no data"
            : $"{opened} opened, {reports.ClosedInPeriod ?? 0} closed; open now {Trend(reports.Open, reports.OpenAtPreviousReview)}";
    }

    public static string CorrectiveActions(ReportFigures reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        return reports.CorrectiveActionsOpen is not { } open ? "no data" : $"{open} open, {reports.CorrectiveActionsOverdue ?? 0} overdue";
    }

    private static void AddFirstLines(List<CardElement> body, string title, IReadOnlyList<string>? lines, int take, bool attention)
    {
        if (lines is null || lines.Count == 0)
        {
            return;
        }

        body.Add(TextBlock.Plain(title, weight: "Bolder"));
        foreach (var line in lines.Take(take))
        {
            body.Add(TextBlock.Plain(CardText.Truncate(line, 160), color: attention ? "Attention" : null));
        }
    }

    public static string Severities(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
