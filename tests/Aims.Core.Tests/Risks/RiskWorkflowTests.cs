using Aims.Core.Identity;
using Aims.Core.Risks;

namespace Aims.Core.Tests.Risks;

public sealed class RiskWorkflowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly RiskMatrix M = RiskMatrix.Default;
    private static readonly RiskActor Manager = new("mgr", "Alex", new HashSet<AimsRole> { AimsRole.AimsManager, AimsRole.RiskOwner });
    private static readonly RiskActor Owner = new("owner", "Megan", new HashSet<AimsRole> { AimsRole.RiskOwner });
    private static readonly RiskActor OtherOwner = new("owner2", "Patti", new HashSet<AimsRole> { AimsRole.RiskOwner });
    private static readonly RiskActor Leader = new("leader", "Adele", new HashSet<AimsRole> { AimsRole.TopManagement });
    private static readonly RiskActor Staff = new("staff", "Lynne", new HashSet<AimsRole> { AimsRole.Staff });

    private static Risk NewRisk(TreatmentOption treatment = TreatmentOption.Mitigate, int residualL = 2, int residualI = 2) => new()
    {
        Id = "R-1",
        AiSystemId = "ais-credit",
        Title = "Bias against thin-file applicants",
        Category = RiskCategory.AlgorithmicBias,
        Source = RiskSource.Data,
        Likelihood = 4,
        Impact = 5,
        Treatment = treatment,
        TreatmentPlan = treatment == TreatmentOption.Accept ? "" : "Reweigh training data; monthly fairness tests",
        ResidualLikelihood = residualL,
        ResidualImpact = residualI,
        OwnerObjectId = "owner",
        NextReviewDate = new DateOnly(2027, 3, 1),
        CreatedAt = Now,
    };

    [Fact]
    public void Submit_then_owner_approves_a_mitigation()
    {
        var submitted = RiskWorkflow.Submit(NewRisk(), Manager, "req-1", Now, M);
        var approved = RiskWorkflow.Decide(submitted, Owner, DecisionOutcome.Approved, null, "req-2", Now, M);

        Assert.Equal(ApprovalState.Submitted, submitted.State);
        Assert.Equal("mgr", submitted.SubmittedBy);
        Assert.Equal(ApprovalState.Approved, approved.State);
        var decision = approved.Decisions[^1];
        Assert.Equal(ApprovalStage.RiskOwner, decision.Stage);
        Assert.Equal(["RiskOwner"], decision.ActorRoles);
        Assert.Equal(RiskLevel.Low, decision.ResidualAtDecision.Level);
        Assert.Equal(2, approved.Revision);
    }

    [Fact]
    public void Accepting_a_high_residual_needs_top_management_after_the_owner()
    {
        var risk = RiskWorkflow.Submit(NewRisk(TreatmentOption.Accept, 3, 4), Manager, "r1", Now, M);

        var afterOwner = RiskWorkflow.Decide(risk, Owner, DecisionOutcome.Approved, null, "r2", Now, M);
        var accepted = RiskWorkflow.Decide(afterOwner, Leader, DecisionOutcome.Approved, null, "r3", Now, M);

        Assert.Equal(ApprovalState.AcceptancePendingTopManagement, afterOwner.State);
        Assert.Equal(ApprovalState.Accepted, accepted.State);
        Assert.Equal(DecisionOutcome.Accepted, accepted.Decisions[^1].Outcome);
        Assert.Equal(ApprovalStage.TopManagement, accepted.Decisions[^1].Stage);
    }

    [Fact]
    public void A_mitigation_that_leaves_a_critical_residual_goes_to_top_management_whatever_the_treatment()
    {
        var risk = RiskWorkflow.Submit(NewRisk(TreatmentOption.Mitigate, 4, 5), Manager, "r1", Now, M);

        var afterOwner = RiskWorkflow.Decide(risk, Owner, DecisionOutcome.Approved, null, "r2", Now, M);
        var refused = Assert.Throws<WorkflowRefusedException>(() => RiskWorkflow.Decide(afterOwner, OtherOwner, DecisionOutcome.Approved, null, "r3", Now, M));
        var accepted = RiskWorkflow.Decide(afterOwner, Leader, DecisionOutcome.Approved, null, "r4", Now, M);

        Assert.Equal(ApprovalState.AcceptancePendingTopManagement, afterOwner.State);
        Assert.Contains("above the risk appetite", refused.Message, StringComparison.Ordinal);
        // The treatment stands approved; top management's acceptance of its residual is on record.
        Assert.Equal(ApprovalState.Approved, accepted.State);
        Assert.Equal((DecisionOutcome.Accepted, ApprovalStage.TopManagement, RiskLevel.Critical), (accepted.Decisions[^1].Outcome, accepted.Decisions[^1].Stage, accepted.Decisions[^1].ResidualAtDecision.Level));
    }

    [Fact]
    public void The_appetite_sets_how_high_a_residual_a_risk_owner_may_approve_alone()
    {
        var tolerant = M.WithAppetite(RiskLevel.High);
        var high = RiskWorkflow.Submit(NewRisk(TreatmentOption.Accept, 3, 4), Manager, "r1", Now, tolerant);
        var critical = RiskWorkflow.Submit(NewRisk(TreatmentOption.Mitigate, 4, 5), Manager, "r1", Now, tolerant);
        var strict = RiskWorkflow.Submit(NewRisk(TreatmentOption.Mitigate, 2, 3), Manager, "r1", Now, M.WithAppetite(RiskLevel.Low));

        Assert.Equal(ApprovalState.Accepted, RiskWorkflow.Decide(high, Owner, DecisionOutcome.Approved, null, "r2", Now, tolerant).State);
        Assert.Equal(ApprovalState.AcceptancePendingTopManagement, RiskWorkflow.Decide(critical, Owner, DecisionOutcome.Approved, null, "r2", Now, tolerant).State);
        Assert.Equal(ApprovalState.AcceptancePendingTopManagement, RiskWorkflow.Decide(strict, Owner, DecisionOutcome.Approved, null, "r2", Now, M.WithAppetite(RiskLevel.Low)).State);
    }

    [Fact]
    public void Accepting_a_low_residual_is_settled_by_the_owner_alone()
    {
        var risk = RiskWorkflow.Submit(NewRisk(TreatmentOption.Accept, 1, 3), Manager, "r1", Now, M);

        var accepted = RiskWorkflow.Decide(risk, Owner, DecisionOutcome.Approved, null, "r2", Now, M);

        Assert.Equal(ApprovalState.Accepted, accepted.State);
    }

    [Fact]
    public void Nobody_decides_on_what_they_submitted()
    {
        var risk = RiskWorkflow.Submit(NewRisk() with { OwnerObjectId = "mgr" }, Manager, "r1", Now, M);

        var e = Assert.Throws<WorkflowRefusedException>(() => RiskWorkflow.Decide(risk, Manager, DecisionOutcome.Approved, null, "r2", Now, M));
        Assert.Contains("separation of duties", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_person_never_approves_both_stages()
    {
        var bothRoles = new RiskActor("owner", "Megan", new HashSet<AimsRole> { AimsRole.RiskOwner, AimsRole.TopManagement });
        var risk = RiskWorkflow.Submit(NewRisk(TreatmentOption.Accept, 4, 4), Manager, "r1", Now, M);
        var afterOwner = RiskWorkflow.Decide(risk, bothRoles, DecisionOutcome.Approved, null, "r2", Now, M);

        var e = Assert.Throws<WorkflowRefusedException>(() => RiskWorkflow.Decide(afterOwner, bothRoles, DecisionOutcome.Approved, null, "r3", Now, M));
        Assert.Contains("someone else", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_named_owner_with_the_role_decides_the_first_stage()
    {
        var risk = RiskWorkflow.Submit(NewRisk(), Manager, "r1", Now, M);
        var ownerWithoutRole = new RiskActor("owner", "Megan", new HashSet<AimsRole> { AimsRole.Staff });

        Assert.Contains("Only the risk owner", RiskWorkflow.WhyNot(risk, OtherOwner, DecisionOutcome.Approved), StringComparison.Ordinal);
        Assert.Contains("RiskOwner role", RiskWorkflow.WhyNot(risk, ownerWithoutRole, DecisionOutcome.Approved), StringComparison.Ordinal);
        Assert.Contains("Only the risk owner", RiskWorkflow.WhyNot(risk, Leader, DecisionOutcome.Approved), StringComparison.Ordinal);
        Assert.Null(RiskWorkflow.WhyNot(risk, Owner, DecisionOutcome.Approved));
    }

    [Fact]
    public void Top_management_stage_refuses_people_without_the_role()
    {
        var risk = RiskWorkflow.Decide(RiskWorkflow.Submit(NewRisk(TreatmentOption.Accept, 4, 4), Manager, "r1", Now, M), Owner, DecisionOutcome.Approved, null, "r2", Now, M);

        Assert.Contains("top management", RiskWorkflow.WhyNot(risk, OtherOwner, DecisionOutcome.Approved), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DecisionOutcome.Rejected, ApprovalState.Rejected)]
    [InlineData(DecisionOutcome.ChangesRequested, ApprovalState.ChangesRequested)]
    public void Reject_and_request_changes_need_a_comment(DecisionOutcome outcome, ApprovalState expected)
    {
        var risk = RiskWorkflow.Submit(NewRisk(), Manager, "r1", Now, M);

        Assert.Throws<WorkflowRefusedException>(() => RiskWorkflow.Decide(risk, Owner, outcome, "  ", "r2", Now, M));
        var decided = RiskWorkflow.Decide(risk, Owner, outcome, "Residual rating is optimistic", "r2", Now, M);
        Assert.Equal(expected, decided.State);
        Assert.Equal("Residual rating is optimistic", decided.Decisions[^1].Comment);
    }

    [Fact]
    public void A_repeated_request_changes_nothing()
    {
        var risk = RiskWorkflow.Submit(NewRisk(), Manager, "r1", Now, M);
        var approved = RiskWorkflow.Decide(risk, Owner, DecisionOutcome.Approved, null, "press-1", Now, M);

        var again = RiskWorkflow.Decide(approved, Owner, DecisionOutcome.Approved, null, "press-1", Now, M);

        Assert.Same(approved, again);
    }

    [Fact]
    public void Invalid_transitions_are_refused_with_the_reason()
    {
        var draft = NewRisk();
        var approved = RiskWorkflow.Decide(RiskWorkflow.Submit(draft, Manager, "r1", Now, M), Owner, DecisionOutcome.Approved, null, "r2", Now, M);

        Assert.Contains("nothing to decide", RiskWorkflow.WhyNot(draft, Owner, DecisionOutcome.Approved), StringComparison.Ordinal);
        var onApproved = Assert.Throws<WorkflowRefusedException>(() => RiskWorkflow.Decide(approved, Owner, DecisionOutcome.Approved, null, "r4", Now, M));
        Assert.Contains("approved; there is nothing to decide", onApproved.Message, StringComparison.Ordinal);
        Assert.Throws<WorkflowRefusedException>(() => RiskWorkflow.Submit(RiskWorkflow.Submit(draft, Manager, "a", Now, M), Manager, "b", Now, M));
        Assert.Throws<WorkflowRefusedException>(() => RiskWorkflow.Submit(draft, Staff, "c", Now, M));
    }

    [Fact]
    public void Resubmission_after_changes_requested_starts_a_new_round()
    {
        var round1 = RiskWorkflow.Decide(RiskWorkflow.Submit(NewRisk(TreatmentOption.Accept, 4, 4), Manager, "r1", Now, M), Owner, DecisionOutcome.Approved, null, "r2", Now, M);
        var sentBack = RiskWorkflow.Decide(round1, Leader, DecisionOutcome.ChangesRequested, "Add compensating controls", "r3", Now, M);

        var round2 = RiskWorkflow.Submit(sentBack, Manager, "r4", Now, M);

        Assert.Equal(ApprovalState.Submitted, round2.State);
        Assert.Null(round2.OwnerApprovalThisRound);
    }

    [Fact]
    public void An_acceptance_expires_at_its_review_date_and_comes_back_for_review()
    {
        var accepted = RiskWorkflow.Decide(RiskWorkflow.Submit(NewRisk(TreatmentOption.Accept, 1, 3), Manager, "r1", Now, M), Owner, DecisionOutcome.Approved, null, "r2", Now, M);
        var dayBefore = new DateTimeOffset(2027, 2, 28, 23, 0, 0, TimeSpan.Zero);
        var reviewDay = new DateTimeOffset(2027, 3, 1, 0, 30, 0, TimeSpan.Zero);

        Assert.False(RiskWorkflow.IsDueToExpire(accepted, DateOnly.FromDateTime(dayBefore.UtcDateTime)));
        Assert.Throws<WorkflowRefusedException>(() => RiskWorkflow.Expire(accepted, dayBefore, M));
        var expired = RiskWorkflow.Expire(accepted, reviewDay, M);

        Assert.Equal(ApprovalState.Expired, expired.State);
        Assert.Equal(ApprovalStage.System, expired.Decisions[^1].Stage);
        Assert.Equal(ApprovalState.Submitted, RiskWorkflow.Submit(expired, Manager, "r9", reviewDay, M).State);
    }

    [Fact]
    public void An_incomplete_risk_cannot_be_submitted_and_says_what_is_missing()
    {
        var incomplete = NewRisk() with { Title = "", Likelihood = 7, TreatmentPlan = "", ResidualImpact = 5, ResidualLikelihood = 5 };

        var e = Assert.Throws<WorkflowRefusedException>(() => RiskWorkflow.Submit(incomplete, Manager, "r1", Now, M));

        Assert.Contains("title", e.Message, StringComparison.Ordinal);
        Assert.Contains("likelihood", e.Message, StringComparison.Ordinal);
        Assert.Contains("treatmentPlan", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_checks_controls_actions_and_residual_not_above_inherent()
    {
        var risk = NewRisk() with
        {
            Controls = ["A.6.2.6", "6.1"],
            Actions = [new TreatmentAction("", "", new DateOnly(2027, 1, 1))],
            Likelihood = 2, Impact = 2, ResidualLikelihood = 3, ResidualImpact = 3,
        };

        var errors = RiskValidator.Validate(risk);

        Assert.Contains("controls", errors.Keys);
        Assert.Contains("actions[0].description", errors.Keys);
        Assert.Contains("actions[0].ownerObjectId", errors.Keys);
        Assert.Contains("residualImpact", errors.Keys);
        Assert.Empty(RiskValidator.Validate(NewRisk()));
    }
}
