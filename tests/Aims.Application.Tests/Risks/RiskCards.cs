using Aims.Application.Risks;
using Aims.Application.Workspace;
using Aims.Core.Identity;
using Aims.Core.Risks;
using Aims.Teams.Cards;

namespace Aims.Application.Tests.Risks;

/// <summary>Representative risk cards for the card catalog.</summary>
internal static class RiskCards
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    public static Risk SampleRisk(ApprovalState state, string text)
    {
        var m = RiskMatrix.Default;
        var risk = new Risk
        {
            Id = "R-1", AiSystemId = "demo-credit-scoring", Title = text, Description = string.Concat(Enumerable.Repeat(text, 10)),
            Category = RiskCategory.AlgorithmicBias, Source = RiskSource.Data, Likelihood = 4, Impact = 5, Treatment = TreatmentOption.Accept,
            TreatmentPlan = text, Actions = [new TreatmentAction(text, "owner", new DateOnly(2027, 1, 31))], Controls = ["A.5.4", "A.7.4"],
            ResidualLikelihood = 4, ResidualImpact = 4, OwnerObjectId = "owner", NextReviewDate = new DateOnly(2027, 6, 1), CreatedAt = Now,
        };
        var submitter = new RiskActor("mgr", text, new HashSet<AimsRole> { AimsRole.AimsManager });
        var owner = new RiskActor("owner", text, new HashSet<AimsRole> { AimsRole.RiskOwner });
        var leader = new RiskActor("leader", text, new HashSet<AimsRole> { AimsRole.TopManagement });
        risk = RiskWorkflow.Submit(risk, submitter, "s", Now, m);
        return state switch
        {
            ApprovalState.Submitted => risk,
            ApprovalState.AcceptancePendingTopManagement => RiskWorkflow.Decide(risk, owner, DecisionOutcome.Approved, null, "o", Now, m),
            ApprovalState.Rejected => RiskWorkflow.Decide(RiskWorkflow.Decide(risk, owner, DecisionOutcome.Approved, null, "o", Now, m), leader, DecisionOutcome.Rejected, text, "l", Now, m),
            _ => RiskWorkflow.Decide(RiskWorkflow.Decide(risk, owner, DecisionOutcome.Approved, null, "o", Now, m), leader, DecisionOutcome.Approved, null, "l", Now, m),
        };
    }

    public static AdaptiveCard Sample(ApprovalState state, bool canDecide, string text) =>
        RiskApprovalCard.Build(SampleRisk(state, text), RiskMatrix.Default, new RiskCardView(canDecide, canDecide ? null : text, text),
            Enumerable.Range(0, 70).Select(i => $"29:user-{i}").ToList(), id => text + id, Cards.TestWorkspaceLinks.Teams);
}
