using System.Globalization;
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
public sealed class RiskCardActions(RiskService service, IRiskRegister risks, RiskNotifier notifier) : ICardActionHandler
{
    public string Verb => "risk.";

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Require("riskId");
        var ct = context.Turn.CancellationToken;
        string? notice = null;
        Risk risk;
        switch (context.Verb)
        {
            case RiskApprovalCard.VerbView:
                risk = (await risks.GetAsync(id, ct) ?? throw new CardActionException($"Risk {id} no longer exists.")).Risk;
                break;
            case RiskApprovalCard.VerbApprove or RiskApprovalCard.VerbReject or RiskApprovalCard.VerbChanges:
                var outcome = context.Verb switch
                {
                    RiskApprovalCard.VerbApprove => DecisionOutcome.Approved,
                    RiskApprovalCard.VerbReject => DecisionOutcome.Rejected,
                    _ => DecisionOutcome.ChangesRequested,
                };
                int? revision = int.TryParse(context.Data.GetValueOrDefault("revision"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : null;
                var comment = context.Data.GetValueOrDefault(outcome == DecisionOutcome.Rejected ? RiskApprovalCard.RejectComment : RiskApprovalCard.ChangesComment)
                    ?? context.Data.GetValueOrDefault("comment");
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

        var names = await notifier.NamesAsync(risk, ct);
        var view = await notifier.ViewForAsync(risk, context.Actor.ObjectId, context.Actor.DisplayName, ct);
        return RiskApprovalCard.Build(risk, service.Matrix, view with { Notice = notice ?? view.Notice }, [], names);
    }
}
