using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aims.Application.Demo;
using Aims.Application.Documents;
using Aims.Application.Objectives;
using Aims.Application.Reviews;
using Aims.Application.Tests.Reviews;
using Aims.Application.Work;
using Aims.Core.Catalog;
using Aims.Core.Gaps;

namespace Aims.Application.Tests.Governance;

/// <summary>
/// Starting from the demo organisation, only operating records (decisions, assessments, audits, reviews made by the right
/// people through the app's own workflows) bring the gap analysis to 100 % coverage of clauses 4-10 and the applicable
/// Annex A controls. Documents, reminders, notifications and snapshots are recorded too, and are shown not to count.
/// </summary>
public sealed class GapCoverageTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private const string Alex = ReviewHost.Alex;     // AIMS manager
    private const string Megan = ReviewHost.Megan;   // risk owner, owns the credit scoring system
    private const string Adele = ReviewHost.Adele;   // top management
    private const string Isaiah = ReviewHost.Isaiah; // auditor
    private readonly ReviewHost _host;

    public GapCoverageTests(DedicatedAzurite azurite)
    {
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    }

    public void Dispose() => _host.Dispose();

    private async Task<JsonElement> OkAsync(HttpMethod method, string path, string user, object? body = null)
    {
        var (status, json) = await _host.SendAsync(method, path, user, body);
        Assert.True((int)status is >= 200 and < 300, $"{method} {path} as {user}: {status} {json}");
        return json;
    }

    private async Task ProcedureAsync(string title, params string[] controls)
    {
        var id = (await OkAsync(HttpMethod.Post, "/api/documents", Alex, new { title, type = "Procedure", ownerObjectId = Megan, reviewIntervalMonths = 12, controls })).GetProperty("id").GetString()!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent("1.0"), "version" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"# {title}\n\nHow Contoso meets {string.Join(", ", controls)}.")), "file", title + ".md" },
        };
        using var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/documents/{id}/versions") { Content = form };
        upload.Headers.Add("X-Aims-User", Megan);
        Assert.Equal(HttpStatusCode.Created, (await _host.Client.SendAsync(upload)).StatusCode);
        await OkAsync(HttpMethod.Post, $"/api/documents/{id}/versions/1.0/submit", Megan);
        Assert.Contains("Version 1.0 approved", await _host.PressAsync(Alex, DocumentApprovalCard.VerbApprove, new Dictionary<string, string?> { ["documentId"] = id, ["version"] = "1.0" }), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_organisation_reaches_full_coverage_through_the_apps_own_workflows()
    {
        await _host.Get<DemoSeeder>().SeedAsync(CancellationToken.None);
        var analyzer = _host.Get<GapAnalyzer>();
        var before = await analyzer.AnalyseAsync();
        Assert.True(before.Overall.Percent < 100, "the demo organisation starts with gaps");
        // An honest start: what the demo seed did by people's hands (context, policy, objectives, attestations) counts; no review
        // has been held, no audit completed, no risk decided and no impact assessment approved, so none of those is covered.
        foreach (var id in new[] { "4.1", "6.2", "7.2", "7.5.2", "A.2.2", "A.6.2.3", "A.7.4", "A.10.3" })
        {
            Assert.True(before.Items.Single(i => i.Id == id).Covered, $"{id} is covered by the demo's own records");
        }

        foreach (var id in new[] { "5.3", "6.1.2", "6.1.4", "9.2.1", "9.2.2", "9.3.1", "9.3.3", "10.2", "A.6.2.5", "A.8.5" })
        {
            Assert.False(before.Items.Single(i => i.Id == id).Covered, $"{id} has no operating record in the demo");
        }

        // What does not count: the daily role snapshot, a notification, and procedures uploaded and approved with control tags.
        await _host.Get<IEnumerable<IScheduledJob>>().Single(j => j.Name == AimsSchedules.RoleSnapshotJob).RunAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.Accepted, (await _host.SendAsync(HttpMethod.Post, "/api/notifications", Alex, new { recipients = new[] { Megan, ReviewHost.Patti }, title = "Bias gap above target", text = "Please join the review on Friday." })).Status);
        await ProcedureAsync("Information for interested parties", "A.8.3", "A.8.5");
        await ProcedureAsync("Resources for AI systems", "A.4.4", "A.4.5");
        var documented = await analyzer.AnalyseAsync();
        foreach (var id in new[] { "5.3", "7.4", "A.3.2", "A.8.3", "A.8.5", "A.4.4" })
        {
            var item = documented.Items.Single(i => i.Id == id);
            Assert.False(item.Covered, $"{id} must not be covered by a snapshot, a notification or a tagged procedure");
            Assert.False(string.IsNullOrWhiteSpace(item.WouldSatisfy));
        }

        // The approved procedures do count where documented information is what is asked (7.5).
        Assert.True(documented.Items.Single(i => i.Id == "7.5.3").Covered);

        // 4.3, 6.3: a planned change of the scope.
        var scope = (await OkAsync(HttpMethod.Get, "/api/context", Alex)).GetProperty("scope");
        await OkAsync(HttpMethod.Put, "/api/context/scope", Alex, new
        {
            statement = scope.GetProperty("statement").GetString(),
            boundaries = scope.GetProperty("boundaries").EnumerateArray().Select(b => JsonSerializer.Deserialize<object>(b.GetRawText())).Append(new { kind = "AiSystem", name = "demo-fraud-rules", included = true, reason = "Now in production." }).ToArray(),
        });

        // 6.1.2, 6.1.3, 8.2, 8.3: a risk submitted by Megan and approved by its owner Alex on the card's API twin.
        var risk = await OkAsync(HttpMethod.Post, "/api/risks", Megan, new
        {
            aiSystemId = "demo-credit-scoring", title = "Explanations unclear to applicants", description = "Reason codes are too technical.", category = "TransparencyAndExplainability",
            source = "Use", likelihood = 4, impact = 4, treatment = "Mitigate", treatmentPlan = "Rewrite reason codes in plain language", residualLikelihood = 2, residualImpact = 2,
            ownerObjectId = Alex, controls = new[] { "A.8.2" },
        });
        var riskId = risk.GetProperty("risk").GetProperty("id").GetString()!;
        await OkAsync(HttpMethod.Post, $"/api/risks/{riskId}/submit", Megan);
        await OkAsync(HttpMethod.Post, $"/api/risks/{riskId}/decisions", Alex, new { outcome = "Approved", requestId = "coverage-risk" });

        // 6.1.4, 8.4, A.5.2-A.5.5: an impact assessment written by Megan and approved by Alex.
        var assessment = await OkAsync(HttpMethod.Post, "/api/impact-assessments", Megan, new
        {
            aiSystemId = "demo-cv-screening", title = "CV screening: impacts on applicants",
            systemDescription = "Ranks or scores cases for the people who decide", intendedUses = "Decision support only", foreseeableMisuse = "Deciding on the score alone",
            dataAndQuality = "Historic cases, checked for completeness and balance", modelInformation = "Supervised model, retrained yearly", deploymentEnvironment = "Internal web app used by trained staff",
            benefits = "Faster, more consistent decisions", sensitiveUses = "Any use on minors needs extra review", reviewTriggers = "Model, data or intended use change", reviewDate = "2027-06-30",
            impacts = new object[] { new { scope = "Individuals", description = "Qualified applicants ranked low", severity = "Major", affectedParties = new[] { "Job applicants" }, likelihood = 3, reversibility = "PartlyReversible", scale = "Many", measures = "Human review of every adverse outcome", }, new { scope = "Society", description = "Entrenched inequality", severity = "Moderate", affectedParties = new[] { "Under-represented groups" }, likelihood = 3, reversibility = "PartlyReversible", scale = "Many", measures = "Human review of every adverse outcome", } },
            linkedRiskIds = new[] { riskId },
        });
        var assessmentId = assessment.GetProperty("id").GetString()!;
        await OkAsync(HttpMethod.Post, $"/api/impact-assessments/{assessmentId}/submit", Megan);
        Assert.False((await analyzer.AnalyseAsync()).Items.Single(i => i.Id == "6.1.4").Covered, "a submitted impact assessment is not yet a completed one");
        await OkAsync(HttpMethod.Post, $"/api/impact-assessments/{assessmentId}/decisions", Alex, new { approve = true });

        // 9.1, A.6.2.6, 10.2, A.8.4: the monitoring job reports a bias breach; the owner acknowledges it in Teams.
        using (var signal = new HttpRequestMessage(HttpMethod.Post, "/api/monitoring/signals") { Content = JsonContent.Create(new { system = "demo-credit-scoring", metric = "bias-gap", value = 0.08, timestamp = _host.Clock.GetUtcNow() }) })
        {
            signal.Headers.Add("X-Aims-User", "mlops-pipeline");
            signal.Headers.Add("X-Aims-App-Roles", PostMonitoringSignalHandler.AppRole);
            Assert.Equal(HttpStatusCode.Accepted, (await _host.Client.SendAsync(signal)).StatusCode);
        }

        var objective = (await OkAsync(HttpMethod.Get, "/api/objectives", Alex)).GetProperty("items").EnumerateArray().Single(o => o.GetProperty("metric").GetString() == "bias-gap").GetProperty("id").GetString()!;
        Assert.Contains("acknowledged", await _host.PressAsync(Megan, BreachCard.VerbAcknowledge, new Dictionary<string, string?> { ["kind"] = BreachCard.KindObjective, ["id"] = objective }), StringComparison.Ordinal);

        // 9.2, 4.4, 5.3, 7.1, 7.4, 8.1 and the Annex A controls no workflow above operates: an internal audit of the whole AIMS,
        // planned by the AIMS manager; the auditor records a conforming finding against each item still open, then completes it.
        var scopeIds = Iso42001Catalog.ClauseGroups.Select(g => g.Id).Concat(Iso42001Catalog.Objectives.Select(o => o.Id)).ToArray();
        var audit = await OkAsync(HttpMethod.Post, "/api/internal-audits", Alex, new { title = "Whole AIMS, yearly", scope = scopeIds, plannedDate = "2026-11-30", auditorObjectId = Isaiah, auditeeObjectId = Alex });
        var auditId = audit.GetProperty("id").GetString()!;
        var open = (await analyzer.AnalyseAsync()).Items.Where(i => i.Applicable && !i.Covered && i.SatisfiedBy.Contains(CoverageRules.AuditFinding.Name)).Select(i => i.Id).ToList();
        Assert.Contains("A.8.5", open);
        foreach (var id in open)
        {
            await OkAsync(HttpMethod.Post, $"/api/internal-audits/{auditId}/findings", Isaiah, new { type = "Observation", reference = id, text = $"Operating as described; sample of three records checked for {id}." });
        }

        await OkAsync(HttpMethod.Post, $"/api/internal-audits/{auditId}/complete", Isaiah);

        // 9.3, 5.1, 10.1: a management review; top management records it on the digest card, deciding the opportunity.
        var opportunity = (await OkAsync(HttpMethod.Post, "/api/management-reviews/opportunities", Alex, new { text = "Automate evidence capture from the ML platform" })).GetProperty("id").GetString()!;
        var digestId = (await OkAsync(HttpMethod.Post, "/api/management-reviews", Alex)).GetProperty("digest").GetProperty("id").GetString()!;
        Assert.False((await analyzer.AnalyseAsync()).Items.Single(i => i.Id == "9.3.3").Covered, "a digest sent is not a review held");
        Assert.Contains("Pause", await _host.PressAsync(Adele, ManagementReviewDigestCard.VerbDecide, new Dictionary<string, string?> { ["digestId"] = digestId, [ManagementReviewDigestCard.DecisionText] = "Pause the CV screening pilot" }), StringComparison.Ordinal);
        Assert.False((await analyzer.AnalyseAsync()).Items.Single(i => i.Id == "9.3.1").Covered, "a decision pressed on the digest is not the record of a review");
        var recorded = await _host.PressAsync(Adele, ManagementReviewDigestCard.VerbRecord, new Dictionary<string, string?>
        {
            ["digestId"] = digestId,
            [ManagementReviewDigestCard.RecordHeldOn] = _host.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            [ManagementReviewDigestCard.RecordAttendees] = $"{Adele},{Alex}",
            [ManagementReviewDigestCard.RecordSuitable] = "Yes",
            [ManagementReviewDigestCard.RecordAdequate] = "Partly",
            [ManagementReviewDigestCard.RecordEffective] = "Yes",
            [ManagementReviewDigestCard.RecordConclusion] = "The AIMS remains suitable and effective; evidence capture is not yet adequate.",
            [ManagementReviewDigestCard.RecordDecision] = "Automate evidence capture this quarter",
            [ManagementReviewDigestCard.RecordTopic] = "ImprovementOpportunity",
            [ManagementReviewDigestCard.RecordOpportunity] = opportunity,
            [ManagementReviewDigestCard.RecordOpportunityOutcome] = "accept",
            [ManagementReviewDigestCard.RecordActionText] = "Connect the ML platform's run log to the evidence store",
            [ManagementReviewDigestCard.RecordActionOwner] = Alex,
            [ManagementReviewDigestCard.RecordActionDue] = "2027-03-31",
        });
        Assert.Contains("The review is recorded", recorded, StringComparison.Ordinal);

        var covered = await analyzer.AnalyseAsync();
        var missing = covered.Items.Where(i => i.Applicable && !i.Covered).Select(i => i.Id).ToList();
        Assert.True(missing.Count == 0, "not covered: " + string.Join(", ", missing));
        Assert.Equal(100, covered.Overall.Percent);
        Assert.Equal((100, 100), (covered.Clauses.Percent, covered.Controls.Percent));
        Assert.Equal(Iso42001Catalog.AssessableClauses.Count, covered.Clauses.Total);
        Assert.All(covered.Headings, h => Assert.Equal(100, h.Percent));
        Assert.All(covered.Items.Where(i => i.Applicable), i => Assert.All(i.Evidence, e => Assert.DoesNotContain(e.Kind, CoverageRules.NeverSufficient.Select(k => k.Value))));

        // The Statement of Applicability: each control implemented, linked to its newest evidence, then approved (6.1.3).
        foreach (var control in covered.Items.Where(i => i.Kind == CatalogItemKind.Control && i.Applicable))
        {
            await OkAsync(HttpMethod.Put, $"/api/soa/{control.Id}", Alex, new { applicable = true, status = "Implemented", ownerObjectId = Alex, evidenceIds = new[] { control.Evidence[0].Id }, lastReviewed = "2026-11-28" });
        }

        await OkAsync(HttpMethod.Post, "/api/soa/approve", Adele);
        var final = await analyzer.AnalyseAsync();
        Assert.Equal(100, final.Overall.Percent);
        Assert.Empty(final.Gaps);
    }
}
