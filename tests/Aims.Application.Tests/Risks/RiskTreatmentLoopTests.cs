using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aims.Application.Demo;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Risks;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Risks;

/// <summary>
/// Treatment that closes the loop, through the real DevHost on Azurite: controls checked against the catalog and the SoA,
/// the SoA showing the risks that rely on each control, actions completed without touching the approval, and the risk
/// owner's effectiveness check as evidence.
/// </summary>
public sealed class RiskTreatmentLoopTests : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";   // AIMS manager, risk owner
    private const string Megan = "00000000-0000-0000-0000-0000000000021";  // risk owner
    private const string Patti = "00000000-0000-0000-0000-0000000000024";  // risk owner
    private const string Lynne = "00000000-0000-0000-0000-0000000000025";  // staff
    private const string Diego = "00000000-0000-0000-0000-0000000000026";  // staff
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly DevHostFactory _host;
    private readonly HttpClient _client;

    public RiskTreatmentLoopTests(AzuriteFixture azurite)
    {
        _host = new DevHostFactory(azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(_clock));
        _client = _host.CreateClient();
    }

    // The demo SoA holds A.10.4 and A.8.3 not applicable.
    public async Task InitializeAsync() => await _host.Services.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);

    public Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string user, object? body = null, string? ifMatch = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Aims-User", user);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (content is not null) request.Content = content;
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 || text[0] is not ('{' or '[') ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static object Risk(string[] controls, string title = "Drift unnoticed between retrainings", object[]? actions = null, bool[]? done = null) => new
    {
        aiSystemId = "demo-credit-scoring",
        title,
        category = "ModelDrift",
        source = "Model",
        likelihood = 4,
        impact = 4,
        treatment = "Mitigate",
        treatmentPlan = "Monitor drift weekly and retrain on breach",
        actions = actions ?? [
            new { description = "Set up the drift dashboard", ownerObjectId = Lynne, dueDate = "2027-01-15", done = done?[0] ?? false },
            new { description = "Write the retraining runbook", ownerObjectId = Megan, dueDate = "2027-02-01", done = done?[1] ?? false },
        ],
        controls,
        residualLikelihood = 2,
        residualImpact = 3,
        ownerObjectId = Patti,
    };

    private async Task<string> ApprovedRiskAsync(string[] controls, string title)
    {
        var (created, body) = await SendAsync(HttpMethod.Post, "/api/risks", Alex, Risk(controls, title));
        Assert.True(created == HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("risk").GetProperty("id").GetString()!;
        var (submitted, _) = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/submit", Alex);
        Assert.Equal(HttpStatusCode.OK, submitted);
        var (approved, decided) = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/decisions", Patti, new { outcome = "Approved" });
        Assert.True(approved == HttpStatusCode.OK, decided.ToString());
        Assert.Equal("Approved", decided.GetProperty("risk").GetProperty("state").GetString());
        return id;
    }

    [Fact]
    public async Task Controls_must_be_catalog_ids_applicable_in_the_SoA_and_the_refusal_names_the_field_and_each_id()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/risks", Alex, Risk(["A.8.2", "A.99.9", "A.10.4"]));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = body.GetProperty("errors").GetProperty("controls")[0].GetString()!;
        Assert.Contains("A.99.9", message, StringComparison.Ordinal);
        Assert.Contains("A.10.4", message, StringComparison.Ordinal);
        Assert.Contains("Statement of Applicability", message, StringComparison.Ordinal);
        Assert.DoesNotContain("A.8.2", message, StringComparison.Ordinal);

        // Excluding a control in the SoA refuses it from then on; including it again accepts it.
        var (excluded, _) = await SendAsync(HttpMethod.Put, "/api/soa/A.6.2.7", Alex, new { applicable = false, justification = "No technical documentation is kept for these systems.", status = "NotStarted" });
        Assert.Equal(HttpStatusCode.OK, excluded);
        var (refused, why) = await SendAsync(HttpMethod.Post, "/api/risks", Alex, Risk(["A.6.2.7"]));
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("A.6.2.7", why.GetProperty("errors").GetProperty("controls")[0].GetString()!, StringComparison.Ordinal);
        await SendAsync(HttpMethod.Put, "/api/soa/A.6.2.7", Alex, new { applicable = true, status = "Planned" });
        var (accepted, _) = await SendAsync(HttpMethod.Post, "/api/risks", Alex, Risk(["A.6.2.7"]));
        Assert.Equal(HttpStatusCode.Created, accepted);
    }

    [Fact]
    public async Task The_CSV_import_names_unknown_and_excluded_controls_as_row_errors()
    {
        var csv = string.Join("\r\n",
            "ai_system_id,title,category,source,likelihood,impact,treatment,treatment_plan,residual_likelihood,residual_impact,owner_object_id,next_review_date,controls",
            $"demo-credit-scoring,Good,Privacy,Data,3,3,Mitigate,Mask identifiers,1,3,{Megan},2027-05-01,A.7.3",
            $"demo-credit-scoring,Unknown control,Privacy,Data,3,3,Mitigate,Mask identifiers,1,3,{Megan},2027-05-01,A.99.9",
            $"demo-credit-scoring,Excluded control,Privacy,Data,3,3,Mitigate,Mask identifiers,1,3,{Megan},2027-05-01,A.7.3 A.10.4");

        var (status, body) = await SendAsync(HttpMethod.Post, "/api/risks/import?mode=dry-run", Alex, content: new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("validRows").GetInt32());
        var errors = body.GetProperty("errors").EnumerateArray().Select(e => (Line: e.GetProperty("line").GetInt32(), Field: e.GetProperty("field").GetString(), Reason: e.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e is { Line: 3, Field: "controls" } && e.Reason.Contains("A.99.9", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Line: 4, Field: "controls" } && e.Reason.Contains("A.10.4", StringComparison.Ordinal) && !e.Reason.Contains("A.7.3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_SoA_shows_per_control_the_risks_that_rely_on_it_in_the_API_and_the_exports()
    {
        var id = await ApprovedRiskAsync(["A.6.2.6", "A.7.4"], "Relies on monitoring");

        var (status, soa) = await SendAsync(HttpMethod.Get, "/api/soa", Alex);

        Assert.Equal(HttpStatusCode.OK, status);
        var controls = soa.GetProperty("controls").EnumerateArray().ToDictionary(c => c.GetProperty("controlId").GetString()!);
        var links = controls["A.6.2.6"].GetProperty("risks").EnumerateArray().ToList();
        Assert.Contains(links, r => r.GetProperty("riskId").GetString() == id && r.GetProperty("title").GetString() == "Relies on monitoring" && r.GetProperty("state").GetString() == "Approved");
        Assert.Contains(controls["A.7.4"].GetProperty("risks").EnumerateArray(), r => r.GetProperty("riskId").GetString() == id);
        Assert.DoesNotContain(controls["A.2.2"].GetProperty("risks").EnumerateArray(), r => r.GetProperty("riskId").GetString() == id);

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/soa/export?format=csv", UriKind.Relative));
        csvRequest.Headers.Add("X-Aims-User", Alex);
        using var csv = await _client.SendAsync(csvRequest);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n');
        Assert.EndsWith(",risks", lines[0].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Contains(id, lines.Single(l => l.StartsWith("A.6.2.6,", StringComparison.Ordinal)), StringComparison.Ordinal);

        using var htmlRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/soa/export?format=html", UriKind.Relative));
        htmlRequest.Headers.Add("X-Aims-User", Alex);
        using var html = await _client.SendAsync(htmlRequest);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("Risks relying on it", page, StringComparison.Ordinal);
        var row = page[page.IndexOf("<td>A.6.2.6</td>", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains(id, row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completing_actions_keeps_the_approval_only_the_action_owner_risk_owner_or_a_manager_may()
    {
        var id = await ApprovedRiskAsync(["A.6.2.6"], "Completing keeps approval");

        var (stranger, refused) = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/actions/0/complete", Diego);
        Assert.Equal(HttpStatusCode.Forbidden, stranger);
        Assert.Contains("action's owner", refused.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        var (noSuch, _) = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/actions/7/complete", Lynne);
        Assert.Equal(HttpStatusCode.NotFound, noSuch);

        var (status, body) = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/actions/0/complete", Lynne);

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        var risk = body.GetProperty("risk");
        Assert.Equal("Approved", risk.GetProperty("state").GetString());
        var action = risk.GetProperty("actions")[0];
        Assert.True(action.GetProperty("done").GetBoolean());
        Assert.Equal(Lynne, action.GetProperty("doneBy").GetString());
        Assert.False(risk.GetProperty("actions")[1].GetProperty("done").GetBoolean());
        var decisions = risk.GetProperty("decisions").GetArrayLength();

        // The same through PUT (as a client that sends the whole risk): marking the second action done keeps the approval too.
        var etag = (await _host.Services.GetRequiredService<IRiskRegister>().GetAsync(id))!.ETag;
        var (put, edited) = await SendAsync(HttpMethod.Put, $"/api/risks/{id}", Alex, Risk(["A.6.2.6"], "Completing keeps approval", done: [true, true]), etag);
        Assert.True(put == HttpStatusCode.OK, edited.ToString());
        Assert.Equal("Approved", edited.GetProperty("risk").GetProperty("state").GetString());
        Assert.Equal(decisions, edited.GetProperty("risk").GetProperty("decisions").GetArrayLength());
        Assert.Equal(Lynne, edited.GetProperty("risk").GetProperty("actions")[0].GetProperty("doneBy").GetString());
        Assert.Equal(Alex, edited.GetProperty("risk").GetProperty("actions")[1].GetProperty("doneBy").GetString());

        var progress = await _host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = $"risk:{id}", Kind = EvidenceKind.RiskTreatmentProgress });
        Assert.Equal(2, progress.Items.Count);
        Assert.All(progress.Items, e => Assert.Equal(["6.1.3", "8.3"], e.Clauses.Order(StringComparer.Ordinal)));

        // A change of the treatment itself still starts a new round.
        etag = (await _host.Services.GetRequiredService<IRiskRegister>().GetAsync(id))!.ETag;
        var (changed, draft) = await SendAsync(HttpMethod.Put, $"/api/risks/{id}", Alex, Risk(["A.6.2.6", "A.7.4"], "Completing keeps approval", done: [true, true]), etag);
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal("Draft", draft.GetProperty("risk").GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_risk_owner_checks_effectiveness_once_all_actions_are_done_and_the_check_is_evidence_in_the_history()
    {
        var id = await ApprovedRiskAsync(["A.6.2.6"], "Effectiveness checked");
        var evidence = _host.Services.GetRequiredService<IEvidenceStore>();
        var dashboard = await evidence.RecordAsync(new NewEvidence(EvidenceKind.Other, "drift-dashboard", new Actor(Patti, "Patti Fernandez"), ["9.1"], ["A.6.2.6"], "dash-1",
            "Drift dashboard screenshot", Encoding.UTF8.GetBytes("drift under 0.02 for six weeks"), "text/plain", _clock.GetUtcNow()));
        var check = new { residualLikelihood = 1, residualImpact = 3, note = "Drift stayed under 0.02 for six weeks.", evidenceIds = new[] { dashboard.Id } };

        var (early, open) = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/effectiveness-checks", Patti, check);
        Assert.Equal(HttpStatusCode.Conflict, early);
        Assert.Contains("Set up the drift dashboard", open.GetProperty("detail").GetString()!, StringComparison.Ordinal);

        await SendAsync(HttpMethod.Post, $"/api/risks/{id}/actions/0/complete", Lynne);
        await SendAsync(HttpMethod.Post, $"/api/risks/{id}/actions/1/complete", Megan);

        var (notOwner, _) = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/effectiveness-checks", Megan, check);
        Assert.Equal(HttpStatusCode.Forbidden, notOwner);
        var (bad, problems) = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/effectiveness-checks", Patti,
            new { residualLikelihood = 9, residualImpact = 3, note = " ", evidenceIds = new[] { "sha256:" + new string('a', 64) } });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        var errors = problems.GetProperty("errors");
        Assert.True(errors.TryGetProperty("residualLikelihood", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("note", out _), errors.ToString());
        var (unrecorded, missing) = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/effectiveness-checks", Patti,
            new { residualLikelihood = 1, residualImpact = 3, note = "Checked", evidenceIds = new[] { "sha256:" + new string('b', 64) } });
        Assert.Equal(HttpStatusCode.BadRequest, unrecorded);
        Assert.True(missing.GetProperty("errors").TryGetProperty("evidenceIds[0]", out _), missing.ToString());

        var (status, body) = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/effectiveness-checks", Patti, check);

        Assert.True(status == HttpStatusCode.Created, body.ToString());
        var risk = body.GetProperty("risk");
        Assert.Equal("Approved", risk.GetProperty("state").GetString());
        Assert.Equal(1, risk.GetProperty("residualLikelihood").GetInt32());
        var recorded = risk.GetProperty("effectivenessChecks").EnumerateArray().Single();
        Assert.True(recorded.GetProperty("effective").GetBoolean());
        Assert.Equal(6, recorded.GetProperty("residualBefore").GetProperty("score").GetInt32());
        Assert.Equal(3, recorded.GetProperty("residualAfter").GetProperty("score").GetInt32());
        Assert.Equal(dashboard.Id, recorded.GetProperty("evidenceIds")[0].GetString());
        var items = await evidence.ListAsync(new EvidenceQuery { Subject = $"risk:{id}", Kind = EvidenceKind.RiskEffectivenessCheck });
        var item = Assert.Single(items.Items);
        Assert.Equal(["6.1.3", "8.3", "9.1"], item.Clauses.Order(StringComparer.Ordinal));
        Assert.Equal(Patti, item.Actor.ObjectId);
        Assert.Equal(["A.6.2.6"], item.Controls);

        // A later check that finds the risk worse than approved sends it back for a new round; both stay in its history.
        var (worse, reopened) = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/effectiveness-checks", Patti,
            new { residualLikelihood = 3, residualImpact = 3, note = "Drift breached twice last month.", evidenceIds = new[] { dashboard.Id } });
        Assert.Equal(HttpStatusCode.Created, worse);
        Assert.Equal("Draft", reopened.GetProperty("risk").GetProperty("state").GetString());
        var history = reopened.GetProperty("risk").GetProperty("effectivenessChecks").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.False(history[1].GetProperty("effective").GetBoolean());
    }
}
