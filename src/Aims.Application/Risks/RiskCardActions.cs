using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Register;
using Aims.Core.Risks;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;

namespace Aims.Application.Risks;

/// <summary>
/// Presses on a risk card: view (also Teams' automatic refresh), approve, reject, request changes. The acting person is the
/// Entra object id of the validated invoke; what they may do is decided by the workflow with their roles at this moment.
/// </summary>
public sealed class RiskCardActions(RiskService service, IRiskRegister risks, RiskNotifier notifier, WorkspaceLinks links) : ICardActionHandler
{
    public string Verb => "risk.";

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        string? notice = null;
        Risk risk;
        switch (context.Verb)
        {
            case TreatmentActionCard.VerbComplete:
                return await CompleteActionAsync(context, ct);
            case RiskApprovalCard.VerbView:
                var view0 = context.Bind<RiskViewData>();
                risk = (await risks.GetAsync(view0.RiskId, ct) ?? throw new CardActionException($"Risk {view0.RiskId} no longer exists.")).Risk;
                break;
            case RiskApprovalCard.VerbApprove or RiskApprovalCard.VerbReject or RiskApprovalCard.VerbChanges:
                var data = context.Bind<RiskDecisionData>();
                var id = data.RiskId;
                var outcome = context.Verb switch
                {
                    RiskApprovalCard.VerbApprove => DecisionOutcome.Approved,
                    RiskApprovalCard.VerbReject => DecisionOutcome.Rejected,
                    _ => DecisionOutcome.ChangesRequested,
                };
                var revision = data.Revision;
                var comment = (outcome == DecisionOutcome.Rejected ? data.RejectComment : data.ChangesComment) ?? data.Comment;
                // The invoke's activity id identifies this press; Teams repeats it when it retries, so a retry records nothing twice.
                var requestId = context.Turn.Activity.Id ?? Guid.NewGuid().ToString("N");
                try
                {
                    var result = await service.DecideAsync(id, revision, context.Actor, outcome, comment, requestId, ct);
                    risk = result.Current.Risk;
                    notice = result.Notice;
                }
                catch (WorkflowRefusedException ex)
                {
                    risk = (await risks.GetAsync(id, ct))?.Risk ?? throw new CardActionException($"Risk {id} no longer exists.");
                    notice = "Not allowed: " + ex.Message;
                }
                catch (KeyNotFoundException)
                {
                    throw new CardActionException($"Risk {id} no longer exists.");
                }

                break;
            default:
                throw new CardActionException($"'{context.Verb}' is not an action of risk cards.");
        }

        return await CardForAsync(risk, notice, context, ct);
    }

    // "Mark done" on a treatment action card: answered with the action card again, done or with the refusal.
    private async Task<AdaptiveCard> CompleteActionAsync(CardActionContext context, CancellationToken ct)
    {
        var data = context.Bind<TreatmentActionData>();
        var current = (await risks.GetAsync(data.RiskId, ct) ?? throw new CardActionException($"Risk {data.RiskId} no longer exists.")).Risk;
        var today = DateOnly.FromDateTime(service.Now.UtcDateTime);
        if (data.ActionIndex < 0 || data.ActionIndex >= current.Actions.Count
            || !string.Equals(CardText.Truncate(current.Actions[data.ActionIndex].Description, 200), data.Action, StringComparison.Ordinal))
        {
            throw new CardActionException($"Nothing was changed: the treatment of risk {current.Id} was edited since this card was sent. Open the risk to see its actions.");
        }

        string? notice = null;
        try
        {
            current = (await service.CompleteActionAsync(current.Id, data.ActionIndex, context.Actor, ct)).Risk;
        }
        catch (Exception ex) when (ex is WorkflowRefusedException or AccessDeniedException)
        {
            notice = "Not allowed: " + ex.Message;
        }

        var names = await notifier.NamesAsync(current, ct);
        return TreatmentActionCard.Build(current, data.ActionIndex, today, names, notice, canComplete: notice is null, links);
    }

    /// <summary>The risk card as the presser may see it now, so a refusal keeps it.</summary>
    public async Task<AdaptiveCard?> CardForErrorAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        return context.TryBind<RiskViewData>() is { } data && await risks.GetAsync(data.RiskId, ct) is { } stored
            ? await CardForAsync(stored.Risk, null, context, ct)
            : null;
    }

    private async Task<AdaptiveCard> CardForAsync(Risk risk, string? notice, CardActionContext context, CancellationToken ct)
    {
        var names = await notifier.NamesAsync(risk, ct);
        var view = await notifier.ViewForAsync(risk, context.Actor.ObjectId, context.Actor.DisplayName, ct);
        return RiskApprovalCard.Build(risk, service.Matrix, view with { Notice = notice ?? view.Notice }, [], names, links);
    }
}

/// <summary>The data of <c>risk.view</c> (also Teams' automatic refresh).</summary>
public sealed record RiskViewData(string RiskId) : ICardData<RiskViewData>
{
    public static RiskViewData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Required("riskId", "risk id"));
    }
}

/// <summary>The data of <c>risk.approve</c>, <c>risk.reject</c> and <c>risk.changes</c>: the risk, the card's revision, the comment inputs.</summary>
public sealed record RiskDecisionData(string RiskId, int? Revision, string? RejectComment, string? ChangesComment, string? Comment) : ICardData<RiskDecisionData>
{
    public static RiskDecisionData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(
            data.Required("riskId", "risk id"),
            data.OptionalInt("revision", "card revision"),
            data.Optional(RiskApprovalCard.RejectComment),
            data.Optional(RiskApprovalCard.ChangesComment),
            data.Optional("comment"));
    }
}
