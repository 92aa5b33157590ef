using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Risks;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;

namespace Aims.Application.Risks;

/// <summary><c>my approvals</c>: the risks waiting for this person's decision, each with its card.</summary>
public sealed class MyApprovalsCommand(IRiskRegister risks, RiskService service, RiskNotifier notifier, WorkspaceLinks links) : IBotCommand
{
    public const int MaxCards = 5;

    public string Name => "my approvals";

    public string Description => "The AI risk decisions waiting for you";

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        var actor = new RiskActor(context.Actor.ObjectId, context.Actor.DisplayName, context.Roles.Roles);
        var waiting = new List<Risk>();
        foreach (var state in new[] { ApprovalState.Submitted, ApprovalState.AcceptancePendingTopManagement })
        {
            string? token = null;
            do
            {
                var page = await risks.ListAsync(new RiskQuery { State = state, OwnerObjectId = state == ApprovalState.Submitted ? context.Actor.ObjectId : null, PageSize = 100, ContinuationToken = token }, ct);
                waiting.AddRange(page.Items.Select(v => v.Risk).Where(r => RiskWorkflow.WhyNot(r, actor, DecisionOutcome.Approved) is null));
                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        if (waiting.Count == 0)
        {
            await context.Turn.SendTextAsync("Nothing is waiting for your decision.");
            return;
        }

        await context.Turn.SendTextAsync($"{waiting.Count} risk decision{(waiting.Count == 1 ? " is" : "s are")} waiting for you{(waiting.Count > MaxCards ? $"; here are the oldest {MaxCards}" : "")}.");
        foreach (var risk in waiting.OrderBy(r => r.SubmittedAt).Take(MaxCards))
        {
            var names = await notifier.NamesAsync(risk, ct);
            await context.Turn.SendCardAsync(RiskApprovalCard.Build(risk, service.Matrix, new RiskCardView(true, null), [], names, links));
        }
    }
}

/// <summary><c>risks</c>: the risk register by residual level (everything for managers, auditors and leadership; their own for risk owners).</summary>
public sealed class RisksCommand(IRiskRegister risks, RiskService service) : IBotCommand
{
    public string Name => "risks";

    public string Description => "AI risks by residual level";

    public IReadOnlyCollection<AimsRole> AllowedRoles => RiskService.Readers;

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seesAll = context.Roles.Has(AimsRole.AimsManager) || context.Roles.Has(AimsRole.Auditor) || context.Roles.Has(AimsRole.TopManagement);
        var list = new List<Risk>();
        await foreach (var risk in risks.ListAllAsync(context.Turn.CancellationToken))
        {
            if (seesAll || string.Equals(risk.OwnerObjectId, context.Actor.ObjectId, StringComparison.OrdinalIgnoreCase))
            {
                list.Add(risk);
            }
        }

        await context.Turn.SendCardAsync(RiskListCard.Create(list, service.Matrix, seesAll ? "All AI risks" : "Your AI risks"));
    }
}

/// <summary><c>risk ID</c>: one risk's card, with buttons when the person may decide now.</summary>
public sealed class RiskCommand(IRiskRegister risks, RiskService service, RiskNotifier notifier, WorkspaceLinks links) : IBotCommand
{
    public string Name => "risk";

    public string Description => "Show one AI risk and its decisions";

    public string Usage => "risk R-12";

    public IReadOnlyCollection<AimsRole> AllowedRoles => RiskService.Readers;

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        if (string.IsNullOrWhiteSpace(arguments))
        {
            await context.Turn.SendTextAsync("Which risk? For example: **risk R-1**");
            return;
        }

        var found = await risks.GetAsync(arguments.Trim(), ct);
        var seesAll = context.Roles.Has(AimsRole.AimsManager) || context.Roles.Has(AimsRole.Auditor) || context.Roles.Has(AimsRole.TopManagement);
        if (found is null || (!seesAll && !string.Equals(found.Risk.OwnerObjectId, context.Actor.ObjectId, StringComparison.OrdinalIgnoreCase)))
        {
            await context.Turn.SendTextAsync($"I found no risk \"{CardText.Escape(CardText.Truncate(arguments, 40))}\" that you may see.");
            return;
        }

        var names = await notifier.NamesAsync(found.Risk, ct);
        var view = await notifier.ViewForAsync(found.Risk, context.Actor.ObjectId, context.Actor.DisplayName, ct);
        await context.Turn.SendCardAsync(RiskApprovalCard.Build(found.Risk, service.Matrix, view, [], names, links));
    }
}

public static class RiskListCard
{
    public const int MaxRows = 40;

    public static AdaptiveCard Create(IReadOnlyList<Risk> risks, RiskMatrix matrix, string title)
    {
        ArgumentNullException.ThrowIfNull(risks);
        var ordered = risks.OrderByDescending(r => r.Residual(matrix).Level).ThenByDescending(r => r.Residual(matrix).Score).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var rows = new List<TableRow> { new() { Cells = [Cell("**Risk**"), Cell("**Residual**"), Cell("**State**")] } };
        rows.AddRange(ordered.Take(MaxRows).Select(r => new TableRow
        {
            Cells = [Cell(CardText.Escape($"{r.Id}: {CardText.Truncate(r.Title, 60)}")), Cell(CardText.Escape(RiskApprovalCard.Rating(r.Residual(matrix))), RiskApprovalCard.Style(r.Residual(matrix).Level)), Cell(CardText.Escape(RiskApprovalCard.StateLabel(r.State)))],
        }));
        var counts = Enum.GetValues<RiskLevel>().Reverse().Select(l => $"{l}: {ordered.Count(r => r.Residual(matrix).Level == l)}");
        var body = new List<CardElement>
        {
            TextBlock.Heading(title),
            TextBlock.Plain(ordered.Count == 0 ? "No risks yet." : $"{CardText.Count(ordered.Count, "risk", "risks")}. " + string.Join(", ", counts), subtle: true),
        };
        if (ordered.Count > 0)
        {
            body.Add(new Table { Columns = [new() { Width = 3 }, new() { Width = 2 }, new() { Width = 2 }], Rows = rows, FirstRowAsHeader = true });
        }

        if (ordered.Count > MaxRows)
        {
            body.Add(TextBlock.Plain($"…and {ordered.Count - MaxRows} more (export the register from the API).", subtle: true));
        }

        return new AdaptiveCard { FallbackText = title, Body = body };
    }

    private static TableCell Cell(string markdown, string? style = null) => new() { Style = style, Items = [new TextBlock { Text = markdown }] };
}
