using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Risks;
using Aims.Core.Soa;

namespace Aims.Core.Tests.Risks;

public sealed class RiskTreatmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly RiskMatrix M = RiskMatrix.Default;
    private static readonly RiskActor Manager = new("mgr", "Alex", new HashSet<AimsRole> { AimsRole.AimsManager, AimsRole.RiskOwner });
    private static readonly RiskActor Owner = new("owner", "Megan", new HashSet<AimsRole> { AimsRole.RiskOwner });
    private static readonly RiskActor ActionOwner = new("doer", "Lynne", new HashSet<AimsRole> { AimsRole.Staff });
    private static readonly RiskActor Staff = new("staff", "Lee", new HashSet<AimsRole> { AimsRole.Staff });

    private static Risk Approved() => RiskWorkflow.Decide(RiskWorkflow.Submit(new Risk
    {
        Id = "R-1", AiSystemId = "ais", Title = "Drift", Category = RiskCategory.ModelDrift, Source = RiskSource.Model,
        Likelihood = 4, Impact = 4, Treatment = TreatmentOption.Mitigate, TreatmentPlan = "Monitor",
        Actions = [new TreatmentAction("Dashboard", "doer", new DateOnly(2027, 1, 1)), new TreatmentAction("Runbook", "owner", new DateOnly(2027, 2, 1))],
        Controls = ["A.6.2.6"], ResidualLikelihood = 2, ResidualImpact = 3, OwnerObjectId = "owner",
    }, Manager, "s", Now, M), Owner, DecisionOutcome.Approved, null, "a", Now, M);

    [Fact]
    public void Controls_are_catalog_ids_and_the_SoA_exclusions_refuse_each_named()
    {
        var soa = new[] { SoaEntry.Default("A.6.2.6"), SoaEntry.Default("A.10.4") with { Applicable = false, Justification = "No customers" } };

        Assert.Null(RiskControls.WhyNot(["A.6.2.6", "A.2.2"], soa));
        var why = RiskControls.WhyNot(["A.6.2.6", "A.99.9", "A.10.4", "6.1"], soa)!;
        Assert.Contains("A.99.9, 6.1", why, StringComparison.Ordinal);
        Assert.Contains("Statement of Applicability, so no treatment can rely on them: A.10.4.", why, StringComparison.Ordinal);
        Assert.Equal(["A.99.9"], RiskControls.UnknownIds(["A.99.9", "A.8.2"]));
        Assert.Contains("controls", RiskValidator.Validate(Approved() with { Controls = ["A.99.9"] }).Keys);
        Assert.DoesNotContain("controls", RiskValidator.Validate(Approved()).Keys);
    }

    [Fact]
    public void Completing_an_action_keeps_the_state_and_decisions_and_checks_who_acts()
    {
        var risk = Approved();

        var done = RiskTreatment.CompleteAction(risk, 0, ActionOwner, Now);

        Assert.Equal(ApprovalState.Approved, done.State);
        Assert.Equal(risk.Decisions, done.Decisions);
        Assert.Equal(("doer", Now), (done.Actions[0].DoneBy, done.Actions[0].DoneAt!.Value));
        Assert.Equal(risk.Revision + 1, done.Revision);
        Assert.Same(done, RiskTreatment.CompleteAction(done, 0, Manager, Now));
        Assert.Throws<AccessDeniedException>(() => RiskTreatment.CompleteAction(risk, 1, Staff, Now));
        Assert.Throws<KeyNotFoundException>(() => RiskTreatment.CompleteAction(risk, 2, Manager, Now));
        var pending = RiskWorkflow.Submit(risk with { State = ApprovalState.Draft }, Manager, "s2", Now, M);
        Assert.Throws<WorkflowRefusedException>(() => RiskTreatment.CompleteAction(pending, 0, ActionOwner, Now));
    }

    [Fact]
    public void Only_progress_is_actions_newly_done_and_stamps_are_the_services_not_the_clients()
    {
        var risk = Approved();
        var forged = risk.Actions[1] with { Done = true, DoneBy = "someone-else", DoneAt = Now.AddYears(-1) };
        var progressed = risk with { Actions = [risk.Actions[0], forged] };

        Assert.True(RiskTreatment.OnlyProgress(risk, progressed));
        Assert.False(RiskTreatment.OnlyProgress(risk, progressed with { Title = "Other" }));
        Assert.False(RiskTreatment.OnlyProgress(risk, risk with { Actions = [risk.Actions[0]] }));
        Assert.False(RiskTreatment.OnlyProgress(progressed, risk));
        var stamped = RiskTreatment.StampProgress(risk.Actions, progressed.Actions, "mgr", Now);
        Assert.Equal(("mgr", Now), (stamped[1].DoneBy, stamped[1].DoneAt!.Value));
        Assert.Null(stamped[0].DoneBy);
    }

    [Fact]
    public void The_effectiveness_check_needs_the_owner_all_actions_done_a_note_and_evidence()
    {
        var risk = Approved();
        Assert.Contains("Dashboard", RiskTreatment.WhyNotCheck(risk, Owner), StringComparison.Ordinal);
        var allDone = RiskTreatment.CompleteAction(RiskTreatment.CompleteAction(risk, 0, ActionOwner, Now), 1, Owner, Now);
        Assert.Null(RiskTreatment.WhyNotCheck(allDone, Owner));
        Assert.Contains("Only the owner", RiskTreatment.WhyNotCheck(allDone, Manager), StringComparison.Ordinal);
        Assert.Contains("only an approved treatment", RiskTreatment.WhyNotCheck(allDone with { State = ApprovalState.Draft }, Owner), StringComparison.Ordinal);
        Assert.Equal(["evidenceIds", "note", "residualImpact"], RiskTreatment.CheckProblems(allDone, 5, 5, "", []).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["evidenceIds[0]"], RiskTreatment.CheckProblems(allDone, 1, 1, "ok", ["nope"]).Keys);

        var evidence = "sha256:" + new string('a', 64);
        var effective = RiskTreatment.RecordCheck(allDone, Owner, 1, 3, " Worked ", [evidence], "c1", Now, M);
        Assert.Equal((ApprovalState.Approved, 1, 3), (effective.State, effective.ResidualLikelihood, effective.ResidualImpact));
        var check = Assert.Single(effective.EffectivenessChecks);
        Assert.Equal(("Worked", true, 6, 3), (check.Note, check.Effective, check.ResidualBefore.Score, check.ResidualAfter.Score));
        Assert.Same(effective, RiskTreatment.RecordCheck(effective, Owner, 4, 4, "again", [evidence], "c1", Now, M));
        var worse = RiskTreatment.RecordCheck(effective, Owner, 2, 3, "Breached", [evidence], "c2", Now, M);
        Assert.Equal(ApprovalState.Draft, worse.State);
        Assert.False(worse.EffectivenessChecks[^1].Effective);
        Assert.Throws<WorkflowRefusedException>(() => RiskTreatment.RecordCheck(allDone, Manager, 1, 1, "x", [evidence], "c3", Now, M));
    }
}
