using Aims.Core.Identity;
using Aims.Core.Lifecycle;
using Aims.Core.Register;
using Aims.Core.Risks;

namespace Aims.Core.Tests.Lifecycle;

public sealed class LifecycleGatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Owner = new("owner", "Owner");
    private static readonly Actor Approver = new("approver", "Approver");
    private static readonly Actor Manager = new("manager", "Manager");

    private static AiSystem System(LifecycleStage stage, DateTimeOffset? changedAt = null) => new(
        "ais-1",
        new AiSystemDetails("Scorer", "Scores", null, Owner.ObjectId, "Lending", stage, AiSystemRole.Developer, "Trees", null, [], [], null,
            AutonomyLevel.DecisionSupport, EuAiActRiskClass.Limited, ImpactAssessmentStatus.InProgress, null, null, null, [])
        { GateApproverObjectId = Approver.ObjectId },
        false, null, Now, "x", Now, "x")
    { SignificantChangeAt = changedAt };

    private static GateFacts Facts(AiSystem system, bool documents = true, DateTimeOffset? assessed = null, string[]? untreated = null, int? soa = 1) => new(
        system,
        documents
            ? Enum.GetValues<LifecycleArtefactPurpose>().ToDictionary(p => p, p => new ApprovedDocumentFact("DOC-" + (int)p, p.ToString(), "1.0", "abc"))
            : new Dictionary<LifecycleArtefactPurpose, ApprovedDocumentFact> { [LifecycleArtefactPurpose.DeploymentPlan] = new("DOC-9", "Plan", null, null) },
        assessed is null ? null : "IA-1", assessed, untreated ?? [], soa);

    [Theory]
    [InlineData(LifecycleStage.Concept, LifecycleStage.Design, true)]
    [InlineData(LifecycleStage.VerificationAndValidation, LifecycleStage.Deployment, true)]
    [InlineData(LifecycleStage.Design, LifecycleStage.Deployment, false)]        // no skipping verification
    [InlineData(LifecycleStage.Deployment, LifecycleStage.Design, false)]        // no moving back through a gate
    [InlineData(LifecycleStage.Development, LifecycleStage.Retirement, true)]    // retirement from any stage
    [InlineData(LifecycleStage.Retirement, LifecycleStage.Retirement, false)]
    public void A_gate_leads_to_the_next_stage_or_to_retirement_only(LifecycleStage from, LifecycleStage to, bool isGate) =>
        Assert.Equal(isGate, LifecycleGates.IsGate(from, to));

    [Fact]
    public void The_deployment_gate_names_every_unmet_criterion()
    {
        var criteria = LifecycleGates.Evaluate(LifecycleStage.Deployment, Facts(System(LifecycleStage.VerificationAndValidation), documents: false, untreated: ["R-4", "R-9"], soa: null), new GateCriteriaOptions());

        Assert.Equal(5, criteria.Count);
        Assert.All(criteria, c => Assert.False(c.Met));
        Assert.Contains("R-4, R-9", criteria.Single(c => c.Kind == GateCriterionKind.NoUntreatedHighRisk).Detail, StringComparison.Ordinal);
        Assert.Contains("no approved version", criteria.Single(c => c.Kind == GateCriterionKind.DeploymentPlan).Detail, StringComparison.Ordinal);
        Assert.Contains("No document", criteria.Single(c => c.Kind == GateCriterionKind.VerificationReport).Detail, StringComparison.Ordinal);
        var refused = Assert.Throws<WorkflowRefusedException>(() => GateWorkflow.Decide(Open(LifecycleStage.VerificationAndValidation, LifecycleStage.Deployment), System(LifecycleStage.VerificationAndValidation), criteria, Approver, true, null, "k", Now));
        Assert.Contains("Deployment plan", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_assessment_approved_before_a_significant_change_is_out_of_date()
    {
        var current = LifecycleGates.Evaluate(LifecycleStage.Deployment, Facts(System(LifecycleStage.VerificationAndValidation, changedAt: Now.AddDays(-5)), assessed: Now.AddDays(-3)), new GateCriteriaOptions());
        var stale = LifecycleGates.Evaluate(LifecycleStage.Deployment, Facts(System(LifecycleStage.VerificationAndValidation, changedAt: Now.AddDays(-1)), assessed: Now.AddDays(-3)), new GateCriteriaOptions());

        Assert.All(current, c => Assert.True(c.Met, c.Detail));
        Assert.False(stale.Single(c => c.Kind == GateCriterionKind.ImpactAssessmentCurrent).Met);
    }

    [Fact]
    public void Configured_criteria_replace_the_defaults_of_a_gate()
    {
        var options = new GateCriteriaOptions { Gates = { [LifecycleStage.Development] = [GateCriterionKind.DesignDocumented], [LifecycleStage.Deployment] = [] } };

        Assert.Equal([GateCriterionKind.DesignDocumented], options.For(LifecycleStage.Development));
        Assert.Empty(options.For(LifecycleStage.Deployment));
        Assert.Equal([GateCriterionKind.RetirementPlan], options.For(LifecycleStage.Retirement));
    }

    [Fact]
    public void The_approver_cannot_request_and_owner_requester_or_anyone_else_cannot_decide()
    {
        var system = System(LifecycleStage.Development);
        Assert.Throws<WorkflowRefusedException>(() => GateWorkflow.Open("G-1", system, LifecycleStage.VerificationAndValidation, null, Approver, Now));
        Assert.Throws<WorkflowRefusedException>(() => GateWorkflow.Open("G-1", system, LifecycleStage.Deployment, null, Owner, Now));
        Assert.Throws<WorkflowRefusedException>(() => GateWorkflow.Open("G-1", system with { Details = system.Details with { GateApproverObjectId = null } }, LifecycleStage.VerificationAndValidation, null, Owner, Now));

        var request = GateWorkflow.Open("G-1", system, LifecycleStage.VerificationAndValidation, null, Manager, Now);
        Assert.Contains("own", GateWorkflow.WhyNot(request, system, Owner.ObjectId), StringComparison.Ordinal);
        Assert.Contains("requested", GateWorkflow.WhyNot(request, system, Manager.ObjectId), StringComparison.Ordinal);
        Assert.Contains("Only the system's gate approver", GateWorkflow.WhyNot(request, system, "someone"), StringComparison.Ordinal);
        Assert.Null(GateWorkflow.WhyNot(request, system, Approver.ObjectId));

        var rejected = Assert.Throws<WorkflowRefusedException>(() => GateWorkflow.Decide(request, system, [], Approver, false, " ", "k", Now));
        Assert.Contains("why", rejected.Message, StringComparison.Ordinal);
        var decided = GateWorkflow.Decide(request, system, [], Approver, true, null, "k", Now);
        Assert.Equal(GateState.Approved, decided.State);
        Assert.Contains("approved", GateWorkflow.WhyNot(decided, system, Approver.ObjectId), StringComparison.Ordinal);
    }

    private static GateRequest Open(LifecycleStage from, LifecycleStage to) => GateWorkflow.Open("G-1", System(from), to, null, Manager, Now);
}
