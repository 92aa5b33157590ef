using System.Globalization;
using Aims.Application.Workspace;
using Aims.Core.Risks;
using Aims.Teams.Cards;

namespace Aims.Application.Risks;

/// <summary>What one viewer of a risk card may do right now.</summary>
public sealed record RiskCardView(bool CanDecide, string? WhyNot, string? Notice = null)
{
    public static RiskCardView StatusOnly(string? notice = null) => new(false, null, notice);
}

/// <summary>
/// The risk approval card (clauses 6.1.3, 8.3): the risk, where it sits on the 5x5 matrix (inherent and residual), the treatment,
/// the decisions so far, and, only for the person who may decide now, Approve / Reject / Request changes. Every copy carries
/// <c>refresh</c> so each approver's client asks for their own view.
/// </summary>
public static class RiskApprovalCard
{
    public const string VerbView = "risk.view";
    public const string VerbApprove = "risk.approve";
    public const string VerbReject = "risk.reject";
    public const string VerbChanges = "risk.changes";

    /// <summary>Input ids of the two comment boxes (ids must be unique across a card, show cards included).</summary>
    public const string RejectComment = "rejectComment";
    public const string ChangesComment = "changesComment";

    public static AdaptiveCard Build(Risk risk, RiskMatrix matrix, RiskCardView view, IReadOnlyList<string> refreshUserIds, Func<string, string> nameOf, WorkspaceLinks links)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(nameOf);
        var inherent = risk.Inherent(matrix);
        var residual = risk.Residual(matrix);
        var body = new List<CardElement>
        {
            new ColumnSet
            {
                Columns =
                [
                    new Column { Width = "stretch", Items = [TextBlock.Plain($"{risk.Id}: {risk.Title}", weight: "Bolder", size: "Large")] },
                    new Column { Width = "auto", VerticalContentAlignment = "Center", Items = [new TextBlock { Text = StateLabel(risk.State), Weight = "Bolder", Color = StateColor(risk.State) }] },
                ],
            },
            TextBlock.Plain(CardText.Truncate(risk.Description, 600), subtle: true),
            new FactSet
            {
                Facts =
                [
                    new Fact("AI system", risk.AiSystemId),
                    new Fact("Category", Words(risk.Category.ToString())),
                    new Fact("Source", risk.Source.ToString()),
                    new Fact("Inherent", Rating(inherent)),
                    new Fact("Treatment", risk.Treatment.ToString()),
                    new Fact("Residual", Rating(residual)),
                    new Fact("Risk owner", nameOf(risk.OwnerObjectId)),
                    new Fact("Submitted by", risk.SubmittedBy is null ? "not yet submitted" : nameOf(risk.SubmittedBy)),
                    new Fact("Next review", risk.NextReviewDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "not set"),
                    new Fact("Annex A controls", risk.Controls.Count == 0 ? "none linked" : string.Join(", ", risk.Controls)),
                ],
            },
            Heatmap(matrix, inherent, residual),
        };
        if (matrix.IsAboveAppetite(residual.Level) && risk.State is ApprovalState.Submitted or ApprovalState.AcceptancePendingTopManagement)
        {
            body.Add(TextBlock.Plain($"The residual rating ({residual.Level}) is above the risk appetite ({matrix.Appetite}): after the risk owner, top management must accept it.", color: "Attention"));
        }

        if (!string.IsNullOrWhiteSpace(risk.TreatmentPlan) || risk.Actions.Count > 0)
        {
            body.Add(new TextBlock { Text = "Treatment plan", Weight = "Bolder", Spacing = "Medium" });
            if (!string.IsNullOrWhiteSpace(risk.TreatmentPlan))
            {
                body.Add(new RichTextBlock { Inlines = [new TextRun { Text = CardText.Truncate(risk.TreatmentPlan, 1000) }] });
            }

            foreach (var action in risk.Actions.Take(10))
            {
                body.Add(TextBlock.Plain($"• {action.Description} ({nameOf(action.OwnerObjectId)}, due {action.DueDate:yyyy-MM-dd}{(action.Done ? ", done" : "")})"));
            }
        }

        var decisions = risk.Decisions.Where(d => d.Outcome != DecisionOutcome.Submitted || d == risk.Decisions[^1]).TakeLast(5).ToList();
        if (decisions.Count > 0)
        {
            body.Add(new TextBlock { Text = "Decisions", Weight = "Bolder", Spacing = "Medium" });
            foreach (var d in decisions)
            {
                body.Add(TextBlock.Plain($"{d.At:yyyy-MM-dd HH:mm} UTC: {Words(d.Outcome.ToString())} by {d.ActorName}{(d.Stage is ApprovalStage.RiskOwner or ApprovalStage.TopManagement ? $" ({Words(d.Stage.ToString())})" : "")}{(string.IsNullOrWhiteSpace(d.Comment) ? "" : $": \u201c{CardText.Truncate(d.Comment, 300)}\u201d")}", subtle: true));
            }
        }

        if (view.Notice is not null)
        {
            body.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = view.Notice }] }] });
        }

        var card = new AdaptiveCard
        {
            FallbackText = $"Risk {risk.Id}: {risk.Title} ({StateLabel(risk.State)})",
            Body = body,
            Refresh = refreshUserIds.Count == 0 ? null : new CardRefresh
            {
                Action = new ExecuteAction { Title = "Refresh", Verb = VerbView, Data = new Dictionary<string, string?> { ["riskId"] = risk.Id } },
                UserIds = refreshUserIds.Take(CardRefresh.MaxUserIds).ToList(),
            },
        };

        var data = new Dictionary<string, string?> { ["riskId"] = risk.Id, ["revision"] = risk.Revision.ToString(CultureInfo.InvariantCulture) };
        if (view.CanDecide)
        {
            card.Actions =
            [
                new ExecuteAction { Title = risk.State == ApprovalState.AcceptancePendingTopManagement ? "Accept risk" : "Approve", Verb = VerbApprove, Data = data, Style = "positive" },
                new ShowCardAction { Title = "Reject", Card = CommentCard(RejectComment, "Why do you reject it?", "Reject", VerbReject, data) },
                new ShowCardAction { Title = "Request changes", Card = CommentCard(ChangesComment, "What must change?", "Send back", VerbChanges, data) },
            ];
        }
        else
        {
            if (view.WhyNot is not null && RiskWorkflow.IsPending(risk.State))
            {
                body.Add(TextBlock.Plain(view.WhyNot, subtle: true));
            }

            card.Actions = [new ExecuteAction { Title = "Refresh", Verb = VerbView, Data = new Dictionary<string, string?> { ["riskId"] = risk.Id } }];
        }

        return links.AddTo(card, WorkspaceRoutes.Risk(risk.Id));
    }

    /// <summary>The 5x5 matrix as a table: impact across, likelihood down (5 at the top); I marks inherent, R residual.</summary>
    public static Table Heatmap(RiskMatrix matrix, RiskRating? inherent, RiskRating? residual, Func<int, int, string>? label = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var rows = new List<TableRow>
        {
            new() { Cells = [Cell("L \\ I", null, bold: true), .. Enumerable.Range(1, 5).Select(i => Cell(i.ToString(CultureInfo.InvariantCulture), null, bold: true))] },
        };
        for (var l = 5; l >= 1; l--)
        {
            var cells = new List<TableCell> { Cell(l.ToString(CultureInfo.InvariantCulture), null, bold: true) };
            for (var i = 1; i <= 5; i++)
            {
                var marker = label?.Invoke(l, i) ?? string.Concat(
                    inherent is { } a && a.Likelihood == l && a.Impact == i ? "I" : string.Empty,
                    residual is { } r && r.Likelihood == l && r.Impact == i ? "R" : string.Empty);
                var level = matrix.LevelAt(l, i);
                // Teams has three cell colours for four levels: the level's initial tells High and Critical apart.
                cells.Add(marker.Length > 0 ? Cell(marker, Style(level), bold: true) : Cell(level.ToString()[..1], Style(level), subtle: true));
            }

            rows.Add(new TableRow { Cells = cells });
        }

        return new Table
        {
            Columns = [.. Enumerable.Range(0, 6).Select(_ => new TableColumnDefinition { Width = 1 })],
            Rows = rows,
            FirstRowAsHeader = true,
            ShowGridLines = true,
            Spacing = "Medium",
        };
    }

    private static AdaptiveCard CommentCard(string inputId, string label, string submit, string verb, IDictionary<string, string?> data) => new()
    {
        MsTeams = null,
        Body = [new TextInput { Id = inputId, Label = label, IsMultiline = true, IsRequired = true, MaxLength = 1000, ErrorMessage = "A comment is required." }],
        Actions = [new ExecuteAction { Title = submit, Verb = verb, Data = new Dictionary<string, string?>(data), AssociatedInputs = "auto" }],
    };

    private static TableCell Cell(string text, string? style, bool bold = false, bool subtle = false) =>
        new() { Style = style, Items = [new TextBlock { Text = CardText.Escape(text), Weight = bold ? "Bolder" : null, IsSubtle = subtle ? true : null, HorizontalAlignment = "Center" }] };

    // Container styles Teams renders on table cells: good (green), warning (amber), attention (red).
    public static string Style(RiskLevel level) => level switch
    {
        RiskLevel.Low => "good",
        RiskLevel.Medium => "warning",
        _ => "attention",
    };

    public static string Rating(RiskRating r) => $"{r.Level} (L{r.Likelihood} × I{r.Impact} = {r.Score})";

    public static string StateLabel(ApprovalState state) => state switch
    {
        ApprovalState.AcceptancePendingTopManagement => "Awaiting top management",
        ApprovalState.ChangesRequested => "Changes requested",
        _ => state.ToString(),
    };

    private static string StateColor(ApprovalState state) => state switch
    {
        ApprovalState.Approved or ApprovalState.Accepted => "Good",
        ApprovalState.Rejected or ApprovalState.Expired => "Attention",
        ApprovalState.Submitted or ApprovalState.AcceptancePendingTopManagement or ApprovalState.ChangesRequested => "Warning",
        _ => "Default",
    };

    private static string Words(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
