using Aims.Application.Workspace;
using Aims.Core.Lifecycle;
using Aims.Core.Register;
using Aims.Core.Risks;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;

namespace Aims.Application.Lifecycle;

/// <summary>
/// Presses on gate cards. The acting person is the validated invoke's object id; <see cref="GateWorkflow"/> decides what they
/// may do. A refusal answers with the card as it stands now and the reason on it, so nothing the approver needs disappears.
/// </summary>
public sealed class LifecycleCardActions(LifecycleService service, IAiSystemRegistry systems, WorkspaceLinks links) : ICardActionHandler
{
    public string Verb => "gate.";

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        var data = context.Bind<GateDecisionData>();
        // Teams repeats the invoke's activity id when it retries: a retried press records nothing twice.
        var requestId = context.Turn.Activity.Id ?? Guid.NewGuid().ToString("N");
        try
        {
            switch (context.Verb)
            {
                case GateApprovalCard.VerbRefresh:
                    return await CurrentCardAsync(data.GateId, context.Actor.ObjectId, null, ct);
                case GateApprovalCard.VerbApprove or GateApprovalCard.VerbReject:
                    var approve = context.Verb == GateApprovalCard.VerbApprove;
                    var result = await service.DecideAsync(data.GateId, approve, approve ? null : data.RejectComment, context.Actor, requestId, ct);
                    return GateApprovalCard.Create(result.Current.Value, result.Criteria, canDecide: false, links, result.Notice);
                default:
                    throw new CardActionException($"'{context.Verb}' is not an action of gate cards.");
            }
        }
        catch (WorkflowRefusedException ex)
        {
            return await CurrentCardAsync(data.GateId, context.Actor.ObjectId, "Not recorded: " + ex.Message, ct);
        }
        catch (KeyNotFoundException ex)
        {
            throw new CardActionException(ex.Message);
        }
        catch (Core.Records.RecordValidationException ex)
        {
            return await CurrentCardAsync(data.GateId, context.Actor.ObjectId, "Not recorded: " + string.Join(" ", ex.Errors.SelectMany(e => e.Value)), ct);
        }
    }

    private async Task<AdaptiveCard> CurrentCardAsync(string gateId, string actorObjectId, string? notice, CancellationToken ct)
    {
        var request = (await service.Requests.GetAsync(gateId, ct))?.Value ?? throw new CardActionException($"Gate request {gateId} no longer exists.");
        var system = (await systems.GetAsync(request.SystemId, ct))?.System ?? throw new CardActionException($"AI system {request.SystemId} no longer exists.");
        var criteria = await service.CriteriaAsync(request, ct);
        return GateApprovalCard.Create(request, criteria, GateWorkflow.WhyNot(request, system, actorObjectId) is null, links, notice);
    }
}
