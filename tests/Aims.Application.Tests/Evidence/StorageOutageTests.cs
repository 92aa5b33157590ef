using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aims.Application.Demo;
using Aims.Application.Documents;
using Aims.Application.Evidence;
using Aims.Application.Tests.Reviews;
using Aims.Application.Training;
using Aims.Application.Work;
using Aims.Core.Evidence;
using Aims.Core.Risks;
using Aims.Core.Training;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Evidence;

/// <summary>
/// Blob, queue and table storage each cut off (through a loopback proxy, so the real SDK sees dead connections) while a risk
/// is submitted and decided, a document is approved and a training is attested. Once storage is back and retries (or the
/// settlement sweep) have run, every decision exists once with exactly one evidence item, and the ledger verifies.
/// </summary>
public sealed class StorageOutageTests
{
    private const string Alex = ReviewHost.Alex;
    private const string Megan = ReviewHost.Megan;

    [Theory]
    [InlineData(StorageService.Blob)]
    [InlineData(StorageService.Table)]
    [InlineData(StorageService.Queue)]
    public async Task Every_decision_ends_with_exactly_one_evidence_item_after_an_outage(StorageService service)
    {
        using var azurite = new AzuriteFixture(dedicated: true);
        using var outage = new StorageOutage(azurite.ConnectionString);
        using var host = new ReviewHost(outage.ConnectionString, new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        await host.Get<DemoSeeder>().SeedAsync(CancellationToken.None);

        // Prepared while storage is up: a draft risk owned by Alex, a procedure version submitted by Megan.
        var (created, risk) = await SendAsync(host, HttpMethod.Post, "/api/risks", Megan, NewRisk());
        Assert.True(created == HttpStatusCode.Created, risk.ToString());
        var riskId = risk.GetProperty("risk").GetProperty("id").GetString()!;
        var documentId = await SubmittedProcedureAsync(host);

        // The outage: each workflow is tried once while the service is down.
        outage.Down(service);
        var submitDuring = await SendAsync(host, HttpMethod.Post, $"/api/risks/{riskId}/submit", Megan, requestId: "outage-submit");
        var decideDuring = await SendAsync(host, HttpMethod.Post, $"/api/risks/{riskId}/decisions", Alex, new { outcome = "Approved", requestId = "outage-decide" });
        var documentDuring = await SendAsync(host, HttpMethod.Post, $"/api/documents/{documentId}/decisions", Alex, new { outcome = "Approved", requestId = "outage-document" });
        var attestDuring = await host.PressAsync(Alex, TrainingAttestationCard.Verb, AttestData(), "outage-attest");
        outage.Up(service);

        if (service == StorageService.Blob)
        {
            // State lives in tables, so the submission stands and the person is told its evidence is still owed, never "nothing
            // changed". The decision after it is refused while the submission's evidence cannot be written, so no debt is lost.
            Assert.Equal(HttpStatusCode.OK, submitDuring.Status);
            Assert.Equal(EvidenceSettlement.PendingNotice, submitDuring.Body.GetProperty("notice").GetString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, decideDuring.Status);
            Assert.Contains("Nothing was changed; try again shortly.", decideDuring.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains(EvidenceSettlement.PendingNotice, documentDuring.Body.GetProperty("notice").GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("nothing was changed", attestDuring, StringComparison.OrdinalIgnoreCase);

        // Retries, as the API client and Teams send them (same request ids); the document is left to the settlement sweep.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(host, HttpMethod.Post, $"/api/risks/{riskId}/submit", Megan, requestId: "outage-submit")).Status);
        var decided = await SendAsync(host, HttpMethod.Post, $"/api/risks/{riskId}/decisions", Alex, new { outcome = "Approved", requestId = "outage-decide" });
        Assert.Equal(HttpStatusCode.OK, decided.Status);
        Assert.False(decided.Body.TryGetProperty("notice", out var notice) && notice.ValueKind == JsonValueKind.String, "the retry completed the evidence: " + decided.Body);
        if (service != StorageService.Blob)
        {
            // Without the table the decision was never stored: the first retry is where it happens.
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(host, HttpMethod.Post, $"/api/documents/{documentId}/decisions", Alex, new { outcome = "Approved", requestId = "outage-document" })).Status);
        }

        var attested = await host.PressAsync(Alex, TrainingAttestationCard.Verb, AttestData(), "outage-attest");
        Assert.Contains("attested", attested, StringComparison.OrdinalIgnoreCase);
        await host.Services.GetServices<IScheduledJob>().OfType<EvidenceSettlementJob>().Single().RunAsync(CancellationToken.None);

        // State: each decision happened once.
        var stored = (await host.Get<IRiskRegister>().GetAsync(riskId))!;
        Assert.Equal(ApprovalState.Approved, stored.Risk.State);
        Assert.Null(stored.Owed);
        Assert.Equal(["outage-submit", "outage-decide"], stored.Risk.Decisions.Select(d => d.RequestId));
        var document = (await host.Get<DocumentService>().Store.GetAsync(documentId))!;
        Assert.Null(document.Owed);
        Assert.Equal("Approved", document.Value.Versions.Single().Status.ToString());

        // Evidence: one item per decision, no more, no less.
        var evidence = host.Get<IEvidenceStore>();
        var riskDecisions = await ItemsAsync(evidence, $"risk:{riskId}", EvidenceKind.RiskDecision);
        Assert.Equal(["outage-decide", "outage-submit"], riskDecisions.Select(i => i.CorrelationId).Order(StringComparer.Ordinal));
        var documentDecisions = await ItemsAsync(evidence, DocumentService.Subject(documentId), DocumentService.DecisionKind);
        Assert.Equal(2, documentDecisions.Count); // submitted before the outage, approved during it
        Assert.Single(documentDecisions, i => i.Summary.Contains("approved", StringComparison.Ordinal));
        Assert.Single(await ItemsAsync(evidence, $"training:{TrainingDemoSeed.LiteracyId}:{Alex}", EvidenceKind.Attestation));
        var attestation = await host.Get<ITrainingAttestationStore>().GetAsync(TrainingDemoSeed.LiteracyId, "2026.1", Alex);
        Assert.NotNull(attestation?.EvidenceId);

        var verification = await evidence.VerifyAsync();
        Assert.True(verification.IsIntact, string.Join("; ", verification.Problems.Select(p => p.Detail)));
    }

    private static Dictionary<string, string?> AttestData() => new()
    {
        ["campaignId"] = TrainingDemoSeed.LiteracyId,
        ["version"] = "2026.1",
        ["recipient"] = Alex,
        [TrainingAttestationCard.ConfirmInput] = "true",
    };

    private static object NewRisk() => new
    {
        aiSystemId = "demo-credit-scoring",
        title = "Reason codes unclear to applicants",
        description = "Applicants cannot act on the reasons given.",
        category = "TransparencyAndExplainability",
        source = "Use",
        likelihood = 3,
        impact = 3,
        treatment = "Mitigate",
        treatmentPlan = "Rewrite reason codes in plain language",
        residualLikelihood = 2,
        residualImpact = 2,
        ownerObjectId = Alex,
        nextReviewDate = "2027-06-01",
        controls = new[] { "A.8.2" },
    };

    private static async Task<string> SubmittedProcedureAsync(ReviewHost host)
    {
        var (status, doc) = await SendAsync(host, HttpMethod.Post, "/api/documents", Alex, new { title = "Model monitoring procedure", type = "Procedure", ownerObjectId = Megan, reviewIntervalMonths = 12, controls = new[] { "A.6.2.6" } });
        Assert.True(status == HttpStatusCode.Created, doc.ToString());
        var id = doc.GetProperty("id").GetString()!;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("1.0"), "version");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("# Monitoring\nDrift is checked weekly."));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(file, "file", "monitoring.md");
        using var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/documents/{id}/versions") { Content = form };
        upload.Headers.Add("X-Aims-User", Megan);
        using (var uploaded = await host.Client.SendAsync(upload))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(host, HttpMethod.Post, $"/api/documents/{id}/versions/1.0/submit", Megan, requestId: "before-outage-submit")).Status);
        return id;
    }

    private static async Task<List<EvidenceItem>> ItemsAsync(IEvidenceStore evidence, string subject, EvidenceKind kind) =>
        [.. (await evidence.ListAsync(new EvidenceQuery { Subject = subject, PageSize = EvidenceQuery.MaxPageSize })).Items.Where(i => i.Kind == kind)];

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(ReviewHost host, HttpMethod method, string path, string user, object? body = null, string? requestId = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Aims-User", user);
        if (requestId is not null) request.Headers.Add("X-Request-Id", requestId);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 || !text.TrimStart().StartsWith('{') ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
