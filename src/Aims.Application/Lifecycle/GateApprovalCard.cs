using Aims.Application.Documents;
using Aims.Application.Workspace;
using Aims.Core.Lifecycle;
using Aims.Teams.Cards;

namespace Aims.Application.Lifecycle;

/// <summary>
/// A life cycle gate for its approver: the move asked for, every criterion met or not (with what shows it), Approve only when
/// all are met, Reject with a reason, and a refresh so the approver's card re-checks the criteria whenever it is opened.
/// </summary>
public static class GateApprovalCard
{
    public const string VerbApprove = "gate.approve";
    public const string VerbReject = "gate.reject";
    public const string VerbRefresh = "gate.refresh";
    public const string RejectComment = "rejectComment";

    public static AdaptiveCard Create(GateRequest request, IReadOnlyList<GateCriterion> criteria, bool canDecide, WorkspaceLinks links, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(criteria);
        var pending = request.State == GateState.Pending;
        var heading = pending
            ? $"Gate approval needed: {LifecycleGates.Describe(request.To)}"
            : $"Gate {request.State.ToString().ToLowerInvariant()}: {LifecycleGates.Describe(request.To)}";
        var facts = new List<Fact>
        {
            new("AI system", $"{CardText.Truncate(request.SystemName, 160)} ({request.SystemId})"),
            new("Move", $"{LifecycleGates.Describe(request.From)} to {LifecycleGates.Describe(request.To)}"),
            new("Requested by", $"{request.RequestedByName}, {request.RequestedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC"),
            new("Gate approver", request.ApproverName ?? request.ApproverObjectId),
            new("Control", LifecycleGates.ControlFor(request.To)),
        };
        if (!pending)
        {
            facts.Add(new Fact("Decided by", $"{request.DecidedByName}, {request.DecidedAt?.UtcDateTime:yyyy-MM-dd HH:mm} UTC"));
        }

        var body = new List<CardElement>
        {
            TextBlock.Plain(heading, weight: "Bolder", size: "Large"),
            new FactSet { Facts = facts },
            new RichTextBlock { Inlines = [new TextRun { Text = "Reason: " + CardText.Truncate(request.Reason, 1000) }] },
        };
        if (request.Comment is { Length: > 0 } comment)
        {
            body.Add(new RichTextBlock { Inlines = [new TextRun { Text = "Comment: " + CardText.Truncate(comment, 1000) }] });
        }

        var met = criteria.Count(c => c.Met);
        body.Add(TextBlock.Plain(criteria.Count == 0 ? "This gate has no criteria beyond the approver's decision." : $"Criteria: {met} of {criteria.Count} met{(pending ? " now" : " at the decision")}", weight: "Bolder"));
        foreach (var c in criteria.Take(12))
        {
            // Text runs are never read as markdown: ids, hashes and paths show as they are on every client.
            body.Add(new RichTextBlock
            {
                Inlines =
                [
                    new TextRun { Text = c.Met ? "Met: " : "Not met: ", Weight = "Bolder", Color = c.Met ? "Good" : "Attention" },
                    new TextRun { Text = $"{c.Label} ({c.Control}). {CardText.Truncate(c.Detail, 400)}{(c.Link is null ? string.Empty : " " + c.Link)}" },
                ],
            });
        }

        if (notice is not null)
        {
            body.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        }

        var data = new Dictionary<string, string?> { ["gateId"] = request.Id };
        var card = new AdaptiveCard
        {
            FallbackText = $"{heading}: {request.SystemName}",
            Body = body,
            Refresh = pending ? new CardRefresh { Action = new ExecuteAction { Title = "Check again", Verb = VerbRefresh, Data = new Dictionary<string, string?>(data) }, UserIds = [request.ApproverObjectId] } : null,
        };
        if (canDecide && pending)
        {
            var actions = new List<CardAction>();
            if (met == criteria.Count)
            {
                actions.Add(new ExecuteAction { Title = "Approve", Verb = VerbApprove, Style = "positive", Data = new Dictionary<string, string?>(data) });
            }

            actions.Add(DocumentApprovalCard.CommentAction("Reject", VerbReject, RejectComment, "Why is the gate rejected?", data));
            actions.Add(new ExecuteAction { Title = "Check again", Verb = VerbRefresh, Data = new Dictionary<string, string?>(data) });
            card.Actions = actions;
        }

        // The system's page shows its life cycle and this gate's criteria.
        return links.AddTo(card, WorkspaceRoutes.System(request.SystemId));
    }
}
