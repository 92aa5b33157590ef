using System.Net;
using Aims.Application.Lifecycle;
using Aims.Application.Register;
using Aims.Application.Reviews;
using Aims.Application.Risks;
using Aims.Application.ThirdParties;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Lifecycle;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Aims.Core.Risks;
using Aims.Core.ThirdParties;

namespace Aims.Application.Tests.Reviews;

/// <summary>
/// Reviews answered by a record, through the real DevHost on a dedicated Azurite: a supplier review by the supplier assessment
/// (A.10.3), an impact assessment review by the re-assessment (6.1.4, 8.4, A.5); the task itself is never the evidence.
/// </summary>
public sealed class ReassessmentReviewTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private static readonly Actor AlexActor = new(ReviewHost.Alex, "Alex Wilber");
    private static readonly Actor MeganActor = new(ReviewHost.Megan, "Megan Bowen");
    private static readonly Actor PattiActor = new(ReviewHost.Patti, "Patti Fernandez");
    private static readonly Actor AdeleActor = new(ReviewHost.Adele, "Adele Vance");
    private readonly ReviewHost _host;

    public ReassessmentReviewTests(DedicatedAzurite azurite)
    {
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 7, 3, 6, 0, 0, TimeSpan.Zero));
    }

    public void Dispose() => _host.Dispose();

    private ReviewCycleService Service => _host.Get<ReviewCycleService>();

    private IReviewCycles Store => _host.Get<IReviewCycles>();

    [Fact]
    public async Task A_supplier_review_has_a_task_per_supplier_of_the_system_showing_its_last_assessment_and_is_answered_by_a_recorded_assessment()
    {
        var system = await SystemAsync("Supplied scorer");
        var parties = _host.Get<ThirdPartyService>();
        var bureau = (await parties.SaveAsync(null, new ThirdPartyInput("Bureau " + system, ThirdPartyRelationship.Supplier, [system], "Credit extracts", [], null), null, AlexActor, default)).Value.Id;
        await parties.AssessAsync(bureau, new SupplierAssessmentInput(AssessmentOutcome.ConditionsApply, "Deletion clause missing."), AlexActor, default);
        var host = (await parties.SaveAsync(null, new ThirdPartyInput("Host " + system, ThirdPartyRelationship.Supplier, [system], "Model hosting", [], null), null, AlexActor, default)).Value.Id;
        await parties.SaveAsync(null, new ThirdPartyInput("Customer " + system, ThirdPartyRelationship.Customer, [system], "Scores", [], "Scores come from a model."), null, AlexActor, default);
        var cycleId = await CreateCycleAsync("Supplier review " + system, "SupplierReview", system);

        await Service.OpenDueAsync(CancellationToken.None);

        // One task per supplier relationship (not the customer), to the system's owner, each card showing its last assessment.
        var tasks = await TasksAsync(cycleId);
        Assert.Equal([ReviewItems.SupplierKey(bureau, system), ReviewItems.SupplierKey(host, system)], tasks.Select(t => t.ItemKey).Order(StringComparer.Ordinal));
        Assert.All(tasks, t => Assert.Equal(ReviewHost.Megan, t.OwnerObjectId));
        var cards = _host.Connector.CardsTo(ReviewHost.Megan).Where(c => c.Contains("Supplier review " + system, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, cards.Count);
        Assert.Single(cards, c => c.Contains("ConditionsApply on 2026-07-03 by Alex Wilber: Deletion clause missing.", StringComparison.Ordinal));
        Assert.Single(cards, c => c.Contains("never assessed", StringComparison.Ordinal));
        Assert.All(cards, c => Assert.DoesNotContain(ReviewTaskCard.VerbNoChange, c, StringComparison.Ordinal));
        Assert.All(cards, c => Assert.Contains(ReviewTaskCard.VerbAssessSupplier, c, StringComparison.Ordinal));

        // "Reviewed, no change" is no answer to a supplier review; the owner only, and only with an outcome and a summary.
        var task = tasks.Single(t => t.ItemKey == ReviewItems.SupplierKey(bureau, system));
        Assert.Contains("answered by the supplier assessment", (await Service.DecideAsync(task.Id, MeganActor, ReviewTaskStatus.ReviewedNoChange, null, default)).ToJson(), StringComparison.Ordinal);
        Assert.Contains("Not allowed", (await Service.AssessSupplierAsync(task.Id, AlexActor, AssessmentOutcome.Satisfactory, "Fine", default)).ToJson(), StringComparison.Ordinal);
        Assert.Contains("One of Satisfactory", (await Service.AssessSupplierAsync(task.Id, MeganActor, null, "Fine", default)).ToJson(), StringComparison.Ordinal);
        Assert.Single((await parties.Store.GetAsync(bureau))!.Value.Assessments);
        Assert.Equal(ReviewTaskStatus.Open, (await Store.GetTaskAsync(task.Id))!.Task.Status);

        // Two presses at once (as a retry would): one assessment on the supplier's record, one answer.
        var presses = await Task.WhenAll(
            _host.PressAsync(ReviewHost.Megan, ReviewTaskCard.VerbAssessSupplier, new Dictionary<string, string?> { ["taskId"] = task.Id, [ReviewTaskCard.AssessmentOutcome] = "Satisfactory", [ReviewTaskCard.AssessmentSummary] = "Deletion clause signed." }),
            _host.PressAsync(ReviewHost.Megan, ReviewTaskCard.VerbAssessSupplier, new Dictionary<string, string?> { ["taskId"] = task.Id, [ReviewTaskCard.AssessmentOutcome] = "Satisfactory", [ReviewTaskCard.AssessmentSummary] = "Deletion clause signed." }));
        Assert.All(presses, p => Assert.Contains("Supplier assessment: Satisfactory. Deletion clause signed.", p, StringComparison.Ordinal));
        var assessments = (await parties.Store.GetAsync(bureau))!.Value.Assessments;
        Assert.Equal(2, assessments.Count);
        Assert.Equal(task.Id, assessments[^1].ReviewTaskId);
        Assert.Equal(ReviewHost.Megan, assessments[^1].AssessedBy);
        var done = (await Store.GetTaskAsync(task.Id))!.Task;
        Assert.Equal(ReviewTaskStatus.ReviewedNoChange, done.Status);
        Assert.StartsWith(ThirdPartyService.Subject(bureau), done.RecordId, StringComparison.Ordinal);

        // The evidence for A.10.3 is Megan's assessment; the task's outcome is the AIMS's own note of it.
        var evidence = _host.Get<IEvidenceStore>();
        var recorded = (await evidence.ListAsync(new EvidenceQuery { Subject = ThirdPartyService.Subject(bureau), Kind = EvidenceKind.SupplierAssessment })).Items;
        Assert.Single(recorded, e => e.Actor.ObjectId == ReviewHost.Megan && e.Controls.SequenceEqual(["A.10.3"]));
        var outcome = Assert.Single((await evidence.ListAsync(new EvidenceQuery { Subject = ReviewCycleService.Subject(cycleId), Kind = EvidenceKind.ReviewOutcome })).Items, e => e.CorrelationId == task.Id);
        Assert.Equal(Actor.System.ObjectId, outcome.Actor.ObjectId);
        Assert.False(Core.Gaps.CoverageRules.For("A.10.3").IsSatisfiedBy(outcome));
    }

    [Fact]
    public async Task A_passed_review_date_flags_the_assessment_blocks_the_gate_and_only_an_independent_no_change_review_completes_it()
    {
        var system = await SystemAsync("Dated scorer");
        var assessment = await ApprovedAssessmentAsync(system, new DateOnly(2026, 7, 10));
        var lifecycle = _host.Get<LifecycleService>();
        Assert.True(Current(await lifecycle.StatusAsync(system, default)).Met);
        Assert.Equal(0, await Service.OpenReviewDatesDueAsync(default));

        // The review date passes: a review task opens once, the assessment is flagged, the gate criterion and the card say it is overdue.
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 7, 11, 6, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await Service.OpenReviewDatesDueAsync(default));
        Assert.Equal(0, await Service.OpenReviewDatesDueAsync(default));
        var task = Assert.Single(await TasksAsync(ReviewTask.OutOfCycle), t => t.ItemKey == ReviewItems.SystemKey(system));
        Assert.Contains("Review date 2026-07-10", task.Reason, StringComparison.Ordinal);
        Assert.Equal(task.Id, (await _host.Get<IImpactAssessmentStore>().GetAsync(assessment))!.Assessment.ReviewRequested!.TaskId);
        var status = await lifecycle.StatusAsync(system, default);
        Assert.False(Current(status).Met);
        Assert.Contains("its review date 2026-07-10 has passed", Current(status).Detail, StringComparison.Ordinal);
        Assert.Contains("overdue", status.ImpactAssessment, StringComparison.Ordinal);
        var card = Assert.Single(_host.Connector.CardsTo(ReviewHost.Megan), c => c.Contains("Review date 2026-07-10", StringComparison.Ordinal));
        Assert.Contains($"POST /api/impact-assessments/{assessment}/reviews", card, StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewTaskCard.VerbNoChange, card, StringComparison.Ordinal);

        // The owner's press is no re-assessment; neither the owner (not a reviewer) nor the author (Alex) may record "no change"; a reason and a later date are required.
        Assert.Contains("completed by the re-assessment", (await Service.DecideAsync(task.Id, MeganActor, ReviewTaskStatus.ReviewedNoChange, null, default)).ToJson(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, await ReviewAsAsync(assessment, ReviewHost.Megan));
        Assert.Equal(HttpStatusCode.Conflict, await ReviewAsAsync(assessment, ReviewHost.Alex));
        var (invalid, problem) = await _host.SendAsync(HttpMethod.Post, $"/api/impact-assessments/{assessment}/reviews", ReviewHost.Adele, new { reason = " ", nextReviewDate = "2026-07-01" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Equal(["nextReviewDate", "reason"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(ReviewTaskStatus.Open, (await Store.GetTaskAsync(task.Id))!.Task.Status);

        // Adele, independent of it, records the re-assessment: that is the evidence, the task is completed by it and the gate is met again.
        var (reviewed, body) = await _host.SendAsync(HttpMethod.Post, $"/api/impact-assessments/{assessment}/reviews", ReviewHost.Adele, new { reason = "No trigger occurred; harms and measures unchanged.", nextReviewDate = "2027-01-10" });
        Assert.True(reviewed == HttpStatusCode.Created, body.ToString());
        Assert.Equal("2027-01-10", body.GetProperty("nextReviewDate").GetString());
        var done = (await Store.GetTaskAsync(task.Id))!.Task;
        Assert.Equal(ReviewTaskStatus.ReviewedNoChange, done.Status);
        Assert.Equal(ReviewHost.Adele, done.DecidedBy);
        Assert.True(Current(await lifecycle.StatusAsync(system, default)).Met);
        Assert.Null((await _host.Get<IImpactAssessmentStore>().GetAsync(assessment))!.Assessment.ReviewRequested);

        var evidence = _host.Get<IEvidenceStore>();
        var decision = Assert.Single((await evidence.ListAsync(new EvidenceQuery { Subject = $"impact-assessment:{assessment}", Kind = EvidenceKind.ImpactAssessmentReview })).Items);
        Assert.Equal(ReviewHost.Adele, decision.Actor.ObjectId);
        Assert.All(new[] { "6.1.4", "8.4", "A.5.2" }, id => Assert.True(Core.Gaps.CoverageRules.For(id).IsSatisfiedBy(decision), id));
        var reminders = (await evidence.ListAsync(new EvidenceQuery { Subject = ReviewCycleService.Subject(ReviewTask.OutOfCycle), PageSize = 100 })).Items.Where(e => e.CorrelationId == task.Id).ToList();
        Assert.Equal(2, reminders.Count);   // opened, completed: both the AIMS's own notes
        Assert.All(reminders, e => Assert.False(Core.Gaps.CoverageRules.For("6.1.4").IsSatisfiedBy(e)));
        Assert.Equal(0, await Service.OpenReviewDatesDueAsync(default));
    }

    [Fact]
    public async Task A_cycle_review_flags_the_approved_assessment_and_approving_a_new_version_completes_it()
    {
        var system = await SystemAsync("Cycled scorer");
        var assessment = await ApprovedAssessmentAsync(system, new DateOnly(2027, 6, 30));
        var cycleId = await CreateCycleAsync("Impact review " + system, "ImpactAssessmentReview", system);

        await Service.OpenDueAsync(CancellationToken.None);

        var task = Assert.Single(await TasksAsync(cycleId));
        var flagged = (await _host.Get<IImpactAssessmentStore>().GetAsync(assessment))!.Assessment;
        Assert.Equal(task.Id, flagged.ReviewRequested!.TaskId);
        Assert.Contains("re-assessment requested", (await _host.Get<LifecycleService>().StatusAsync(system, default)).ImpactAssessment, StringComparison.Ordinal);

        // A new version, submitted by its author and approved by an independent reviewer, completes the review.
        var service = _host.Get<ImpactAssessmentService>();
        var next = await service.NewVersionAsync(assessment, PattiActor, default);
        Assert.Equal(ReviewTaskStatus.Open, (await Store.GetTaskAsync(task.Id))!.Task.Status);
        await service.SubmitAsync(next.Assessment.Id, PattiActor, default);
        await service.DecideAsync(next.Assessment.Id, true, null, AlexActor, default);

        var done = (await Store.GetTaskAsync(task.Id))!.Task;
        Assert.Equal(ReviewTaskStatus.ChangesNeeded, done.Status);
        Assert.Contains($"{next.Assessment.Id} version 2 approved", done.Comment, StringComparison.Ordinal);
        Assert.True(Current(await _host.Get<LifecycleService>().StatusAsync(system, default)).Met);
    }

    private async Task<HttpStatusCode> ReviewAsAsync(string assessment, string user) =>
        (await _host.SendAsync(HttpMethod.Post, $"/api/impact-assessments/{assessment}/reviews", user, new { reason = "Still valid.", nextReviewDate = "2027-01-10" })).Status;

    private static GateCriterion Current(GateStatus status) => status.NextGateCriteria.Single(c => c.Kind == GateCriterionKind.ImpactAssessmentCurrent);

    private async Task<string> ApprovedAssessmentAsync(string system, DateOnly reviewDate)
    {
        var assessments = _host.Get<ImpactAssessmentService>();
        var draft = await assessments.CreateAsync(new ImpactAssessment
        {
            Id = "new", AiSystemId = system, Title = "Lending impacts",
            Impacts = [new Impact(ImpactScope.Individuals, "Applicants wrongly declined", ImpactSeverity.Major, ["Applicants"]) { Likelihood = 3, Reversibility = Reversibility.PartlyReversible, Scale = HarmScale.Many, Measures = "Analyst review" }],
            SystemDescription = "Scores loans", IntendedUses = "Decision support", ForeseeableMisuse = "Automatic declines", DataAndQuality = "Checked loan history",
            ModelInformation = "Trees", DeploymentEnvironment = "Analyst tool", ReviewTriggers = "Any significant change", ReviewDate = reviewDate,
        }, AlexActor, default);
        await assessments.SubmitAsync(draft.Assessment.Id, AlexActor, default);
        await assessments.DecideAsync(draft.Assessment.Id, true, null, AdeleActor, default);
        return draft.Assessment.Id;
    }

    private async Task<List<ReviewTask>> TasksAsync(string cycleId)
    {
        var list = new List<ReviewTask>();
        await foreach (var task in Store.ListTasksAsync(cycleId)) list.Add(task);
        return list;
    }

    private Task<string> SystemAsync(string name) => _host.SystemAsync(name, ReviewHost.Megan, LifecycleStage.VerificationAndValidation);

    private async Task<string> CreateCycleAsync(string title, string kind, string system)
    {
        var (status, created) = await _host.SendAsync(HttpMethod.Post, "/api/review-cycles", ReviewHost.Alex, new { title, kind, cadence = "P3M", systemIds = new[] { system }, responsibleRole = "AimsManager", daysAllowed = 14 });
        Assert.True(status == HttpStatusCode.Created, created.ToString());
        return created.GetProperty("id").GetString()!;
    }
}
