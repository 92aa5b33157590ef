using Aims.Application.Proactive;
using Aims.Application.Register;
using Aims.Application.Workspace;
using Aims.Core.Catalog;
using Aims.Core.Gaps;
using Aims.Core.Register;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Teams.Cards;
using Aims.Teams.Commands;
using Aims.Teams.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Aims.Application.Tests.Cards;

/// <summary>Every kind of card the app sends, with representative (and hostile) data, checked by Microsoft's adaptivecards library.</summary>
public sealed class CardCatalogTests
{
    private const string HostileMarker = "Ünïcode";
    private const string Hostile = HostileMarker + " [link](http://evil) **bold** <at>Adele</at> {{DATE(2025-01-01T00:00:00Z)}}\n# heading";

    public static Dictionary<string, AdaptiveCard> AllCards()
    {
        var actor = new Actor("oid-1", "Alex Wilber");
        var roles = new RoleAssignment("oid-1", new HashSet<AimsRole> { AimsRole.AimsManager, AimsRole.Staff }, At, false);
        var services = new ServiceCollection()
            .AddSingleton(new RoleResolver(Mock.Of<IDirectoryClient>(), new RoleGroupOptions(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(At)))
            .AddSingleton(Mock.Of<Core.Messaging.IChatAddressBook>())
            .AddSingleton(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(At))
            .AddLogging()
            .AddAimsTestTeams()
            .BuildServiceProvider();
        var help = services.GetRequiredService<HelpCommand>();
        return new Dictionary<string, AdaptiveCard>
        {
            ["welcome"] = WelcomeCard.Create(Hostile),
            ["help"] = help.Build(actor, roles),
            ["roles"] = RolesCard.Build(new Actor("oid-1", Hostile), roles, At),
            ["error-refused"] = ErrorCards.Refused(Hostile),
            ["error-problem"] = ErrorCards.Problem(Hostile),
            ["notification"] = NotificationCard.Create(Hostile, string.Concat(Enumerable.Repeat(Hostile, 40)), Hostile),
            ["risk-owner-view"] = Risks.RiskCards.Sample(Aims.Core.Risks.ApprovalState.Submitted, canDecide: true, Hostile),
            ["risk-status-view"] = Risks.RiskCards.Sample(Aims.Core.Risks.ApprovalState.AcceptancePendingTopManagement, canDecide: false, Hostile),
            ["risk-decided"] = Risks.RiskCards.Sample(Aims.Core.Risks.ApprovalState.Rejected, canDecide: false, Hostile),
            ["soa-approval"] = Aims.Application.Register.SoaApprovalCard.Create(
                new Aims.Core.Soa.SoaDiff(3, null, [.. Enumerable.Range(1, 20).Select(i => new Aims.Core.Soa.SoaEntryChange($"A.6.2.{i}", null, Hostile + " -> " + Hostile, "Planned -> Implemented", "(none) -> oid-1", "0 -> 2 evidence items"))]),
                canApprove: true, TestWorkspaceLinks.Teams, "Nothing was approved: " + Hostile),
            ["soa-approved"] = Aims.Application.Register.SoaApprovalCard.Approved(
                new Aims.Core.Soa.SoaVersion(4, At, "oid-1", Hostile, "sha256:" + new string('a', 64), 36, 20), TestWorkspaceLinks.Teams),
            ["treatment-action-overdue"] = Aims.Application.Risks.TreatmentActionCard.Build(
                Risks.RiskCards.SampleRisk(Aims.Core.Risks.ApprovalState.Approved, Hostile) with
                {
                    Actions = [new Aims.Core.Risks.TreatmentAction(Hostile, "oid-1", DateOnly.FromDateTime(At.UtcDateTime).AddDays(-9)), new Aims.Core.Risks.TreatmentAction(Hostile, "oid-2", DateOnly.FromDateTime(At.UtcDateTime))],
                },
                0, DateOnly.FromDateTime(At.UtcDateTime), _ => Hostile, "Reminder: " + Hostile, canComplete: true, TestWorkspaceLinks.Teams),
            ["treatment-action-done"] = Aims.Application.Risks.TreatmentActionCard.Build(
                Risks.RiskCards.SampleRisk(Aims.Core.Risks.ApprovalState.Approved, Hostile) with
                {
                    Actions = [new Aims.Core.Risks.TreatmentAction(Hostile, "oid-1", DateOnly.FromDateTime(At.UtcDateTime), Done: true) { DoneAt = At, DoneBy = "oid-1" }],
                },
                0, DateOnly.FromDateTime(At.UtcDateTime), _ => Hostile, null, canComplete: true, TestWorkspaceLinks.Teams),
            ["risk-list"] = Aims.Application.Risks.RiskListCard.Create(
                Enumerable.Range(1, 60).Select(i => Risks.RiskCards.SampleRisk(Aims.Core.Risks.ApprovalState.Approved, Hostile) with { Id = $"R-{i}", ResidualLikelihood = 1 + (i % 5), ResidualImpact = 1 + (i % 4) }).ToList(),
                Aims.Core.Risks.RiskMatrix.Default, "All AI risks"),
            ["audit-pack-ready"] = Aims.Application.Evidence.AuditPackReadyCard.Create(
                new Aims.Application.Evidence.AuditPackSummary(At, 100_000, new string('a', 64), 100_000, false, ["ai-systems", "soa"]),
                new Uri("https://aims.blob.core.windows.net/exports/pack.zip?sig=abc"), At.AddHours(1)),
            ["ledger-intact"] = Aims.Application.Evidence.LedgerVerificationCard.Create(new Core.Evidence.LedgerVerification(true, 12, new string('b', 64), null, [])),
            ["ledger-broken"] = Aims.Application.Evidence.LedgerVerificationCard.Create(new Core.Evidence.LedgerVerification(false, 500, new string('c', 64), 7,
                Enumerable.Range(7, 40).Select(i => new Core.Evidence.LedgerProblem(i, "sha256:" + new string('d', 64), Core.Evidence.LedgerProblemKind.Altered, Hostile)).ToList())),
            ["system-list"] = SystemListCard.Create(Hostile, [.. Enumerable.Range(0, 40).Select(i => HostileSystem($"ais-{i}"))], Today),
            ["system-list-empty"] = SystemListCard.Create("AI systems you own", [], Today),
            ["system"] = SystemCard.Create(HostileSystem("ais-1", retired: true), Hostile, Today, TestWorkspaceLinks.Teams),
            ["gaps"] = GapsCard.Create(HostileGaps()),
            ["training-attestation"] = Aims.Application.Training.TrainingAttestationCard.Create(HostileCampaign(), "oid-1"),
            ["training-reminder"] = Aims.Application.Training.TrainingAttestationCard.Create(HostileCampaign(), "oid-1", 3),
            ["training-attested"] = Aims.Application.Training.TrainingAttestationCard.Attested(HostileCampaign(),
                new Core.Training.TrainingAttestation("c", "2026.1", new string('a', 64), new string('b', 64), "oid-1", Hostile, At, true)),
            ["training-nothing-open"] = Aims.Application.Training.TrainingAttestationCard.Completed([], nothingOpen: true),
            ["training-completed"] = Aims.Application.Training.TrainingAttestationCard.Completed([new("Hostile *training* [x](https://evil.example)", "v<1>", new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), true)], nothingOpen: false),
            ["campaign-form"] = Aims.Application.Training.CampaignFormCard.Create(Today),
            ["campaign-form-errors"] = Aims.Application.Training.CampaignFormCard.Form("0123456789ab",
                new[] { "title", "description", "courseUrl", "materialName", "materialVersion", "materialSha256", "statement", "audienceGroupIds", "excludedObjectIds", "dueDate", "reminderDaysBeforeDue", "escalationDaysAfterDue" }.ToDictionary(k => k, k => (string?)(Hostile + k)),
                new[] { "title", "courseUrl", "dueDate", "reminderDaysBeforeDue", "body" }.ToDictionary(k => k, k => new[] { Hostile })),
            ["campaign-confirm"] = Aims.Application.Training.CampaignFormCard.Confirm(HostileCampaign(), 12345, false),
            ["campaign-launched"] = Aims.Application.Training.CampaignFormCard.Launched(HostileCampaign()),
            ["training-status"] = Aims.Application.Training.TrainingReportCards.Status(HostileStatus()),
            ["training-manager-digest"] = Aims.Application.Training.TrainingReportCards.ManagerDigest(HostileCampaign(),
                [.. Enumerable.Range(0, 50).Select(i => new Core.Training.TrainingAssignment("c", $"oid-{i}", Hostile, Hostile, "g", "1", Core.Training.AssignmentStatus.Unreachable, Hostile, null, At))]),
            ["training-summary"] = Aims.Application.Training.TrainingReportCards.Summary(HostileStatus(), 12, 3),
            ["management-review-digest"] = HostileDigestCard(),
            ["review-task-open"] = Aims.Application.Reviews.ReviewTaskCard.Create(HostileReviewTask(), HostileReviewItem(), TestWorkspaceLinks.Teams, Hostile),
            ["review-task-out-of-cycle"] = Aims.Application.Reviews.ReviewTaskCard.Create(HostileReviewTask() with { Reason = Hostile, CycleId = Core.Reviews.ReviewTask.OutOfCycle }, HostileReviewItem() with { Link = new Uri("https://aims.example/api/systems/ais-1") }, WorkspaceLinks.None),
            ["review-task-decided"] = Aims.Application.Reviews.ReviewTaskCard.Create(HostileReviewTask() with { Status = Core.Reviews.ReviewTaskStatus.ChangesNeeded, Comment = string.Concat(Enumerable.Repeat(Hostile, 20)), DecidedBy = "oid-1", DecidedAt = At }, null, TestWorkspaceLinks.Teams),
            ["review-closure"] = Aims.Application.Reviews.ReviewClosureCard.Create(new Core.Reviews.ReviewClosureReport("RC-1-2026-07", "RC-1", Hostile, Core.Reviews.ReviewKind.SoaReview, "2026-07", At, false, 60, 20, 20, 20,
                [.. Enumerable.Range(0, 40).Select(i => new Core.Reviews.ReviewFinding($"t-{i}", Hostile, "oid-1", string.Concat(Enumerable.Repeat(Hostile, 5))))], [.. Enumerable.Range(0, 40).Select(_ => Hostile)]), _ => Hostile),
            ["internal-audit"] = Aims.Application.Reviews.InternalAuditCard.Create(HostileAudit(), TestWorkspaceLinks.Teams, Hostile),
            ["internal-audit-completed"] = Aims.Application.Reviews.InternalAuditCard.Create(HostileAudit() with { Status = Core.Reviews.InternalAuditStatus.Completed }, TestWorkspaceLinks.Teams, null),
            ["report-form"] = Aims.Application.Reports.ReportFormCard.Create([.. Enumerable.Range(0, 50).Select(i => new Choice { Title = Hostile, Value = $"ais-{i}" })],
                new Aims.Application.Reports.AnonymousReporters([], Microsoft.Extensions.Options.Options.Create(new Aims.Application.Reports.AnonymousReporterOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<Aims.Application.Reports.AnonymousReporters>.Instance)),
            ["report"] = Aims.Application.Reports.ReportCard.Create(new Core.Reports.NonconformityReport
            {
                Id = "NC-1", Title = Hostile, Description = string.Concat(Enumerable.Repeat(Hostile, 40)), ReporterObjectId = "oid-2", ReporterName = Hostile, Anonymous = true, AiSystemId = Hostile,
            }, false, "New report for the AIMS managers", TestWorkspaceLinks.Teams),
            ["gaps-with-documents"] = GapsCard.Create(HostileGaps(), [.. Enumerable.Range(0, 30).Select(_ => Hostile)]),
            ["objective-breach"] = Aims.Application.Objectives.BreachCard.ForObjective(HostileObjective(breached: true), HostileMeasurement(), "NC-1", TestWorkspaceLinks.Teams, Hostile),
            ["objective-breach-acknowledged"] = Aims.Application.Objectives.BreachCard.ForObjective(HostileObjective(breached: true, acknowledged: true), HostileMeasurement(), "NC-1", TestWorkspaceLinks.Teams, null),
            ["monitoring-alert"] = Aims.Application.Objectives.BreachCard.ForAlert(
                new Aims.Application.Objectives.MonitoringAlert("AIS-1|drift", "AIS-1", "drift", true, At, 0.4, string.Concat(Enumerable.Repeat(Hostile, 30)), "NC-2", "oid-1"), Hostile, Hostile),
            ["objective-measurement"] = Aims.Application.Objectives.ObjectiveMeasurementCard.Create(HostileObjective(breached: false), TestWorkspaceLinks.Teams),
            ["objective-measurement-recorded"] = Aims.Application.Objectives.ObjectiveMeasurementCard.Create(HostileObjective(breached: false), TestWorkspaceLinks.Teams, HostileMeasurement(), Hostile),
            ["document-approval"] = Aims.Application.Documents.DocumentApprovalCard.Create(HostileDocument(Core.Documents.DocumentStatus.InApproval), canDecide: true, TestWorkspaceLinks.Teams),
            ["document-approved"] = Aims.Application.Documents.DocumentApprovalCard.Create(HostileDocument(Core.Documents.DocumentStatus.Approved), canDecide: false, TestWorkspaceLinks.Teams, Hostile),
            ["document-review"] = Aims.Application.Documents.DocumentReviewCard.Create(HostileDocument(Core.Documents.DocumentStatus.Approved), TestWorkspaceLinks.Teams),
            ["document-reviewed"] = Aims.Application.Documents.DocumentReviewCard.Create(HostileDocument(Core.Documents.DocumentStatus.Approved), TestWorkspaceLinks.Teams, Hostile),
            ["impact-assessment-review"] = Aims.Application.Risks.ImpactAssessmentCard.Create(HostileAssessment(), string.Concat(Enumerable.Repeat(Hostile, 20)), canDecide: true, TestWorkspaceLinks.Teams),
            ["impact-assessment-decided"] = Aims.Application.Risks.ImpactAssessmentCard.Create(HostileAssessment() with { State = Core.Risks.AssessmentState.Rejected, DecidedByName = Hostile, DecidedAt = At, Comment = Hostile }, Hostile, canDecide: false, TestWorkspaceLinks.Teams, Hostile),
            ["gate-approval"] = Aims.Application.Lifecycle.GateApprovalCard.Create(HostileGate(Core.Lifecycle.GateState.Pending), HostileCriteria(), canDecide: true, TestWorkspaceLinks.Teams),
            ["gate-decided"] = Aims.Application.Lifecycle.GateApprovalCard.Create(HostileGate(Core.Lifecycle.GateState.Rejected), HostileCriteria(), canDecide: false, TestWorkspaceLinks.Teams, Hostile),
        };
    }

    private static Core.Risks.ImpactAssessment HostileAssessment() => new()
    {
        Id = "IA-1", AiSystemId = "ais-1", Title = string.Concat(Enumerable.Repeat(Hostile, 10)), State = Core.Risks.AssessmentState.Submitted,
        Impacts = [.. Enumerable.Range(0, 15).Select(i => new Core.Risks.Impact(Core.Risks.ImpactScope.Groups, string.Concat(Enumerable.Repeat(Hostile, 10)), Core.Risks.ImpactSeverity.Severe, [Hostile, Hostile]))],
        LinkedRiskIds = [.. Enumerable.Range(0, 40).Select(i => "R-" + i)],
    };

    private static Core.Lifecycle.GateRequest HostileGate(Core.Lifecycle.GateState state) => new()
    {
        Id = "GATE-1", SystemId = "ais-1", SystemName = string.Concat(Enumerable.Repeat(Hostile, 20)), From = Core.Register.LifecycleStage.VerificationAndValidation,
        To = Core.Register.LifecycleStage.Deployment, Reason = string.Concat(Enumerable.Repeat(Hostile, 40)), RequestedBy = "oid-1", RequestedByName = Hostile,
        RequestedAt = At, ApproverObjectId = "oid-2", ApproverName = Hostile, State = state, DecidedBy = state == Core.Lifecycle.GateState.Pending ? null : "oid-2",
        DecidedByName = state == Core.Lifecycle.GateState.Pending ? null : Hostile, DecidedAt = state == Core.Lifecycle.GateState.Pending ? null : At,
        Comment = state == Core.Lifecycle.GateState.Pending ? null : string.Concat(Enumerable.Repeat(Hostile, 40)),
    };

    private static IReadOnlyList<Core.Lifecycle.GateCriterion> HostileCriteria() =>
        [.. Enum.GetValues<Core.Lifecycle.GateCriterionKind>().Select((k, i) => new Core.Lifecycle.GateCriterion(k, Hostile, "A.6.2.5", i % 2 == 0, string.Concat(Enumerable.Repeat(Hostile, 20)), "/api/documents/DOC-" + i))];

    private static Core.Objectives.AiObjective HostileObjective(bool breached, bool acknowledged = false)
    {
        var at = new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
        var breach = breached ? new Core.Objectives.ObjectiveBreach("m-1", at, 0.2, "NC-1", acknowledged ? Hostile : null, acknowledged ? at : null) : null;
        return new Core.Objectives.AiObjective("OBJ-1", Hostile, string.Concat(Enumerable.Repeat(Hostile, 30)), "bias-gap", 0.05, Core.Objectives.TargetDirection.AtMost, Hostile[..20],
            "oid-1", 30, Core.Objectives.MeasurementSource.Manual, "AIS-1", 0, 1, ["A.6.2.6"], at, at, "oid-1", false, HostileMeasurement(), breach);
    }

    private static Core.Objectives.Measurement HostileMeasurement() =>
        new("m-1", "OBJ-1", 0.2, new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero), Core.Objectives.MeasurementSource.Monitoring, "oid-1", Hostile, Hostile, false);

    private static Core.Documents.ControlledDocument HostileDocument(Core.Documents.DocumentStatus status)
    {
        var at = new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
        var decisions = Enumerable.Range(0, 8).Select(i => new Core.Documents.DocumentDecision($"r{i}", Core.Documents.DocumentDecisionOutcome.ChangesRequested, "oid-2", Hostile, ["TopManagement"], string.Concat(Enumerable.Repeat(Hostile, 10)), at)).ToList();
        var version = new Core.Documents.DocumentVersion("2.0", status, Hostile + ".pdf", "application/pdf", 123_456, new string('e', 64), "sha256:" + new string('f', 64), string.Concat(Enumerable.Repeat(Hostile, 30)), "oid-1", Hostile, at, decisions);
        return new Core.Documents.ControlledDocument("DOC-1", Hostile, Core.Documents.DocumentType.AiPolicy, "oid-1", 12, Today, ["A.2.2"], [version with { Version = "1.0", Status = Core.Documents.DocumentStatus.Retired }, version], at, at, "oid-1", at);
    }

    private static readonly DateOnly Today = new(2025, 6, 1);

    /// <summary>The moment every card is built at: a fixed date, never the machine's clock.</summary>
    private static readonly DateTimeOffset At = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static AdaptiveCard HostileDigestCard()
    {
        var at = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var lines = Enumerable.Range(0, 10).Select(_ => Hostile).ToList();
        var grid = Enumerable.Range(1, 5).Select(l => (IReadOnlyList<int>)Enumerable.Range(1, 5).Select(i => l * i * 37).ToArray()).ToArray();
        var digest = new Core.Reviews.ManagementReviewDigest(
            "MR-20250601-080000-abcdef", at, Hostile, "MR-0", at.AddDays(-90),
            new Core.Reviews.PreviousActionStatus(3, 4, 5, 6, [.. Enumerable.Range(0, 10).Select(i => new Core.Reviews.ActionLine($"a{i}", Hostile, "oid-1", Today, i % 2 == 0))], lines),
            lines,
            new Core.Reviews.RiskFigures(10_000, new Core.Reviews.LevelCounts(1, 2, 3, 4), new Core.Reviews.LevelCounts(4, 3, 2, 1), grid, 7, 8, 9, 10, 11),
            new Core.Reviews.CoverageFigure(10, 70, 14.3),
            new Core.Reviews.ReportFigures(3, 2, new Dictionary<string, int> { ["High"] = 2, ["Unrated"] = 1 }, new Dictionary<string, int> { ["Low"] = 2 }),
            null,
            [new Core.Reviews.DepartmentCompletion(Hostile, 3, 4)],
            lines,
            [.. Enumerable.Range(0, 30).Select(i => new Core.Objectives.ObjectiveTrend($"OBJ-{i}", Hostile, ">= 95 %", (Core.Objectives.TrendStatus)(i % 3), i % 3 == 2 ? null : 91.5, 90, i, "%"))],
            lines);
        var responses = Enumerable.Range(0, 12).Select(i => new Core.Reviews.LeadershipItem($"r{i}", digest.Id, (Core.Reviews.LeadershipItemKind)(i % 3), Hostile, "oid-3", Hostile, at, "oid-1", Today)).ToList();
        return Aims.Application.Reviews.ManagementReviewDigestCard.Build(digest, Core.Risks.RiskMatrix.Default, responses,
            [.. Enumerable.Range(0, 50).Select(i => new Choice { Title = Hostile, Value = $"oid-{i}" })], _ => Hostile, TestWorkspaceLinks.Teams, withActions: true, notice: Hostile);
    }

    private static Core.Reviews.ReviewTask HostileReviewTask() => new("RC-1-2026-07-abc", "RC-1", Core.Reviews.ReviewKind.RiskRegisterReview, Hostile, "2026-07", "ai-system:ais-1", Hostile, "oid-1",
        ["6.1.2", "8.2"], ["A.5.2"], At, At.AddDays(14));

    private static Aims.Application.Reviews.ReviewItemView HostileReviewItem() => new(
        [.. Enumerable.Range(0, 6).Select(i => ($"Fact {i}", string.Concat(Enumerable.Repeat(Hostile, 5))))], Hostile, [.. Enumerable.Range(0, 30).Select(_ => string.Concat(Enumerable.Repeat(Hostile, 4)))], "/api/systems/ais-1", null);

    private static Core.Reviews.InternalAudit HostileAudit() => new("IA-1", Hostile, ["6.1", "A.5", "A.6.2"], new DateOnly(2026, 10, 1), "oid-1", null, At, "oid-2",
        [.. Enumerable.Range(0, 40).Select(i => new Core.Reviews.AuditFinding($"F-{i}", (Core.Reviews.AuditFindingType)(i % 4), "6.1.2", string.Concat(Enumerable.Repeat(Hostile, 3)), "oid-1", At, i % 4 < 2 ? $"NC-{i}" : null))]);

    private static AiSystem HostileSystem(string id, bool retired = false)
    {
        var longText = string.Concat(Enumerable.Repeat(Hostile, 20));
        var details = new AiSystemDetails(Hostile, longText, longText, "00000000-0000-0000-0000-0000000000024", Hostile, LifecycleStage.OperationAndMonitoring,
            AiSystemRole.Deployer, Hostile, Hostile, [.. Enumerable.Range(0, 50).Select(i => new DataSource(Hostile, DataClassification.Personal))],
            [.. Enumerable.Range(0, 50).Select(_ => Hostile)], longText, AutonomyLevel.HumanOnTheLoop, EuAiActRiskClass.High, ImpactAssessmentStatus.Completed,
            Today.AddDays(-10), Today.AddDays(-10), Today.AddDays(-1), [.. Enumerable.Range(0, 100).Select(i => $"R-{i}")]);
        var at = new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
        return new AiSystem(id, details, retired, retired ? at : null, at, "a", at, "a");
    }

    private static Core.Training.TrainingCampaign HostileCampaign()
    {
        var longText = string.Concat(Enumerable.Repeat(Hostile, 40));
        return new Core.Training.TrainingCampaign("c-1", Hostile, longText, "https://learn.example/course?a=1&b=2", new Core.Training.TrainingMaterial(Hostile, "2026.1", new string('a', 64)),
            longText, ["g-staff"], [], Today.AddDays(10), [7, 1], 7, Core.Training.CampaignState.Launched, [], At, "oid-1");
    }

    private static Aims.Application.Training.CampaignStatus HostileStatus()
    {
        var people = Enumerable.Range(0, 50).Select(i => new Aims.Application.Training.PersonRow($"oid-{i}", Hostile, Hostile, Core.Training.AssignmentStatus.Failed, Hostile)).ToList();
        var row = new Aims.Application.Training.CompletionRow(Hostile, 100, 40, 40);
        return new Aims.Application.Training.CampaignStatus("c-1", Hostile, Core.Training.CampaignState.Launched, "2026.1", Today, new Core.Training.LaunchProgress(12, 5000, 1, "token", false, At), row, 10, 50,
            [.. Enumerable.Range(0, 40).Select(_ => row)], [.. Enumerable.Range(0, 40).Select(_ => row)], people, people, people);
    }

    private static GapReport HostileGaps()
    {
        var items = Iso42001Catalog.AssessableClauses.Concat(Iso42001Catalog.Controls)
            .Select(c => new GapItem(c.Id, Hostile, c.Kind, c.Group, true, null, false, 365, [], GapTier.ClauseWithoutEvidence, Hostile, [Hostile, Hostile], Hostile))
            .ToList();
        var groups = Iso42001Catalog.ClauseGroups.Select(g => g.Id).Concat(Iso42001Catalog.Objectives.Select(o => o.Id))
            .Select(g => new GroupCoverage(g, Hostile, 1, 3, 33.3)).ToList();
        var coverage = new GroupCoverage("overall", "all", 10, 70, 14.3);
        return new GapReport(At, 365, coverage, coverage, coverage, groups, items, items, groups);
    }

    [Fact]
    public void Every_card_passes_the_official_adaptive_cards_validation()
    {
        var results = CardValidator.Validate(AllCards());

        Assert.All(results, r => Assert.True(r.Value.Count == 0, $"{r.Key}: {string.Join("; ", r.Value)}"));
    }

    [Fact]
    public void Every_card_stays_under_the_teams_size_budget()
    {
        Assert.All(AllCards(), c => Assert.True(c.Value.GetSizeInBytes() < CardValidator.MaxCardBytes, $"{c.Key} is {c.Value.GetSizeInBytes()} bytes"));
    }

    [Fact]
    public void No_card_shows_hostile_text_unescaped_in_a_text_block_or_fact_and_text_runs_and_choices_stay_plain_text()
    {
        var checkedByKind = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<string>();
        var asWritten = 0;
        foreach (var (name, card) in AllCards())
        {
            using var json = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(card, CardJson.Options));
            foreach (var (kind, text) in CardTexts.Displayed(json.RootElement))
            {
                if (!text.Contains(HostileMarker, StringComparison.Ordinal)) continue;
                checkedByKind[kind] = checkedByKind.GetValueOrDefault(kind) + 1;
                if (kind is "TextBlock" or "Fact")
                {
                    // Markdown elements: every mention tag, link and template expression from users is escaped.
                    problems.AddRange(CardTexts.Unescaped(text).Select(p => $"{name}: {kind} shows {p}: {text[..Math.Min(text.Length, 120)]}"));
                    if (text.Contains('\\', StringComparison.Ordinal))
                    {
                        // Escaped text is sent as TextRuns (CardPlainText); a markdown element holds only text with nothing to escape.
                        problems.Add($"{name}: {kind} holds an escape: {text[..Math.Min(text.Length, 120)]}");
                    }
                }
                else if (text.Contains('\\', StringComparison.Ordinal))
                {
                    // TextRuns and choice titles are plain text in the schema (no markdown, no mentions): the user's words, shown as
                    // written (or cut short), never with an escape.
                    problems.Add($"{name}: {kind} does not show the text as written: {text[..Math.Min(text.Length, 120)]}");
                }
                else if (text.Contains("[link](http://evil) **bold** <at>Adele</at> {{DATE(", StringComparison.Ordinal))
                {
                    asWritten++;
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems.Take(40)));
        // Text that had to be escaped is never sent as markdown (CardPlainText): hostile markup reaches only TextRuns and choice
        // titles, as written, and the walk found it there (it cannot pass by finding nothing).
        Assert.True(checkedByKind.GetValueOrDefault("TextRun") > 0, "no hostile text run was checked");
        Assert.True(asWritten > 100, $"only {asWritten} texts showed the hostile markup as written");
        Assert.True(checkedByKind.GetValueOrDefault("Choice") > 0, "no hostile choice title was checked");
    }

    [Theory]
    [InlineData("<at>Adele</at>", "<at>")]
    [InlineData("see [link](http://evil)", "[x](y)")]
    [InlineData("{{DATE(2025-01-01T00:00:00Z)}}", "{{")]
    [InlineData("${user.name}", "${")]
    public void The_escape_check_catches_each_raw_form(string raw, string expected)
    {
        Assert.Equal([expected], CardTexts.Unescaped(raw));
        Assert.Empty(CardTexts.Unescaped(CardText.Escape(raw)));
    }

    [Fact]
    public void The_validator_itself_rejects_a_broken_card()
    {
        var broken = new AdaptiveCard { Body = [new TextInput { Id = "same" }, new TextInput { Id = "same" }] };

        var results = CardValidator.Validate(new Dictionary<string, AdaptiveCard> { ["broken"] = broken });

        Assert.NotEmpty(results["broken"]);
    }

    [Fact]
    public void Every_card_builder_in_the_app_is_in_this_catalog()
    {
        // A new card type (a class named *Card or *Cards) must be added to AllCards so it gets validated.
        var builders = new[] { typeof(WelcomeCard).Assembly, typeof(NotificationCard).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Card", StringComparison.Ordinal) || t.Name.EndsWith("Cards", StringComparison.Ordinal))
            .Where(t => t != typeof(AdaptiveCard) && !t.Name.StartsWith("Adaptive", StringComparison.Ordinal))
            .Select(t => t.Name)
            .Order()
            .ToList();

        Assert.Equal(["AuditPackReadyCard", "BreachCard", "CampaignFormCard", "DocumentApprovalCard", "DocumentReviewCard", "ErrorCards", "GapsCard", "GateApprovalCard", "ImpactAssessmentCard", "InternalAuditCard", "LedgerVerificationCard", "ManagementReviewDigestCard", "NotificationCard", "ObjectiveMeasurementCard", "ReportCard", "ReportFormCard", "ReviewClosureCard", "ReviewTaskCard", "RiskApprovalCard", "RiskListCard", "RolesCard", "SoaApprovalCard", "SystemCard", "SystemListCard", "TrainingAttestationCard", "TrainingReportCards", "TreatmentActionCard", "WelcomeCard"], builders);
    }
}

/// <summary>The text a card shows, by element, and the raw (unescaped) markup in it.</summary>
internal static partial class CardTexts
{
    /// <summary>Every TextBlock text, FactSet fact title and value, Input.ChoiceSet choice title and RichTextBlock TextRun, anywhere in the card.</summary>
    public static IEnumerable<(string Kind, string Text)> Displayed(System.Text.Json.JsonElement element)
    {
        if (element.ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var found in Displayed(item)) yield return found;
            }

            yield break;
        }

        if (element.ValueKind != System.Text.Json.JsonValueKind.Object) yield break;
        var type = element.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "TextBlock" when element.TryGetProperty("text", out var text):
                yield return ("TextBlock", text.GetString()!);
                break;
            case "TextRun" when element.TryGetProperty("text", out var run):
                yield return ("TextRun", run.GetString()!);
                break;
            case "FactSet" when element.TryGetProperty("facts", out var facts):
                foreach (var fact in facts.EnumerateArray())
                {
                    yield return ("Fact", fact.GetProperty("title").GetString()!);
                    yield return ("Fact", fact.GetProperty("value").GetString()!);
                }

                break;
            case "Input.ChoiceSet" when element.TryGetProperty("choices", out var choices):
                foreach (var choice in choices.EnumerateArray()) yield return ("Choice", choice.GetProperty("title").GetString()!);
                break;
            case "RichTextBlock" when element.TryGetProperty("inlines", out var inlines):
                foreach (var inline in inlines.EnumerateArray().Where(i => i.ValueKind == System.Text.Json.JsonValueKind.String)) yield return ("TextRun", inline.GetString()!);
                break;
        }

        foreach (var property in element.EnumerateObject())
        {
            foreach (var found in Displayed(property.Value)) yield return found;
        }
    }

    /// <summary>The raw forms found: a mention tag, a markdown link, a template expression (none preceded by a backslash).</summary>
    public static IReadOnlyList<string> Unescaped(string text)
    {
        var found = new List<string>();
        if (MentionTag().IsMatch(text)) found.Add("<at>");
        if (MarkdownLink().IsMatch(text)) found.Add("[x](y)");
        if (Template().IsMatch(text)) found.Add("{{");
        if (DollarTemplate().IsMatch(text)) found.Add("${");
        return found;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!\\)<at>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex MentionTag();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!\\)\[[^\]]*(?<!\\)\]\(")]
    private static partial System.Text.RegularExpressions.Regex MarkdownLink();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<!\\)\{(?<!\\)\{")]
    private static partial System.Text.RegularExpressions.Regex Template();

    [System.Text.RegularExpressions.GeneratedRegex(@"\$(?<!\\)\{")]
    private static partial System.Text.RegularExpressions.Regex DollarTemplate();
}

internal static class TestTeamsRegistration
{
    public static IServiceCollection AddAimsTestTeams(this IServiceCollection services) => Aims.Teams.Extensions.AddAimsTeams(services
        .AddSingleton(Mock.Of<Aims.Teams.Connector.IConnectorClient>())
        .AddSingleton(Mock.Of<Aims.Teams.Connector.IBotRequestAuthenticator>())
        .AddSingleton(Mock.Of<Aims.Teams.Connector.ITrustedServiceUrls>()));
}
