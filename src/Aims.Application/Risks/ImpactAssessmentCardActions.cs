using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Risks;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;

namespace Aims.Application.Risks;

/// <summary>Presses on impact assessment cards; a refusal answers with the card as it stands and the reason on it.</summary>
public sealed class ImpactAssessmentCardActions(ImpactAssessmentService service, IAiSystemRegistry systems, RoleResolver roles, WorkspaceLinks links) : ICardActionHandler
{
    public string Verb => "assessment.";

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        var data = context.Bind<ImpactAssessmentDecisionData>();
        var approve = context.Verb switch
        {
            ImpactAssessmentCard.VerbApprove => true,
            ImpactAssessmentCard.VerbReject => false,
            _ => throw new CardActionException($"'{context.Verb}' is not an action of impact assessment cards."),
        };
        try
        {
            var decided = await service.DecideAsync(data.AssessmentId, approve, approve ? null : data.RejectComment, context.Actor, ct);
            return ImpactAssessmentCard.Create(decided.Assessment, await NameOfAsync(decided.Assessment.AiSystemId, ct), canDecide: false, links,
                approve ? "Approved: the assessment is frozen as evidence, and the system's gates see it now." : "Rejected: the author is told why.");
        }
        catch (Exception ex) when (ex is WorkflowRefusedException or ConcurrencyConflictException)
        {
            var current = (await service.Store.GetAsync(data.AssessmentId, ct))?.Assessment ?? throw new CardActionException($"Impact assessment {data.AssessmentId} no longer exists.");
            var system = (await systems.GetAsync(current.AiSystemId, ct))?.System;
            var assignment = await roles.GetRolesAsync(context.Actor.ObjectId, RoleFreshness.Current, ct);
            var may = system is not null && ImpactAssessmentWorkflow.WhyNot(current, context.Actor.ObjectId, assignment.Roles, system.Details.OwnerObjectId) is null;
            return ImpactAssessmentCard.Create(current, system?.Name ?? current.AiSystemId, may, links, "Not recorded: " + ex.Message);
        }
        catch (KeyNotFoundException ex)
        {
            throw new CardActionException(ex.Message);
        }
    }

    private async Task<string> NameOfAsync(string systemId, CancellationToken ct) => (await systems.GetAsync(systemId, ct))?.System.Name ?? systemId;
}
