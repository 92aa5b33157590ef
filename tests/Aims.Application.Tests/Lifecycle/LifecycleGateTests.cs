using System.Net;
using System.Text;
using System.Text.Json;
using Aims.Application.Documents;
using Aims.Application.Lifecycle;
using Aims.Application.Register;
using Aims.Application.Risks;
using Aims.Application.Tests.Reviews;
using Aims.Core.Documents;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Risks;

namespace Aims.Application.Tests.Lifecycle;

/// <summary>
/// The AI system life cycle as a workflow (A.6.2), through the API and the gate card on a dedicated Azurite: every criterion
/// refuses while unmet and says which, separation of duties, a significant change reopening the assessment, one decision from
/// simultaneous presses, and no stage change outside a gate.
/// </summary>
public sealed class LifecycleGateTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private const string Alex = ReviewHost.Alex;     // AIMS manager
    private const string Megan = ReviewHost.Megan;   // owner of the systems below
    private const string Patti = ReviewHost.Patti;   // their gate approver
    private static readonly Actor AlexActor = new(Alex, "Alex Wilber");
    private static readonly Actor MeganActor = new(Megan, "Megan Bowen");
    private readonly ReviewHost _host;

    public LifecycleGateTests(DedicatedAzurite azurite) =>
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 10, 5, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => _host.Dispose();

    private async Task<string> SystemAsync(string name, string stage, string? approver = Patti)
    {
        var body = Register.RegisterHost.System(name, "Lending", owner: Megan, stage: stage, riskClass: "Limited");
        body["gateApproverObjectId"] = approver;
        var (status, json) = await _host.SendAsync(HttpMethod.Post, "/api/systems", Alex, body);
        Assert.True(status == HttpStatusCode.Created, json.ToString());
        return json.GetProperty("id").GetString()!;
    }

    private async Task<string> ApprovedDocumentAsync(string title)
    {
        var documents = _host.Get<DocumentService>();
        var doc = (await documents.SaveAsync(null, new DocumentRequest(title, DocumentType.Record, Megan, 12, null, []), null, AlexActor, default)).Value;
        await documents.AddVersionAsync(doc.Id, "1.0", null, "report.md", "text/markdown", Encoding.UTF8.GetBytes("# " + title), MeganActor, default);
        await documents.SubmitAsync(doc.Id, "1.0", MeganActor, "submit-" + doc.Id, default);
        await documents.DecideAsync(doc.Id, AlexActor, DocumentDecisionOutcome.Approved, null, "approve-" + doc.Id, default);
        return doc.Id;
    }

    private async Task AttachAsync(string system, string purpose, string documentId)
    {
        var (status, json) = await _host.SendAsync(HttpMethod.Put, $"/api/systems/{system}/artefacts/{purpose}", Megan, new { documentId });
        Assert.True(status == HttpStatusCode.OK, json.ToString());
    }

    private async Task ApproveAssessmentAsync(string system)
    {
        var assessments = _host.Get<ImpactAssessmentService>();
        var draft = await assessments.CreateAsync(new ImpactAssessment
        {
            Id = "new", AiSystemId = system, Title = "Lending impacts",
            Impacts = [new Impact(ImpactScope.Individuals, "Applicants wrongly declined", ImpactSeverity.Major, ["Applicants"]) { Likelihood = 3, Reversibility = Reversibility.PartlyReversible, Scale = HarmScale.Many, Measures = "Analyst review" }],
            SystemDescription = "Scores loans", IntendedUses = "Decision support", ForeseeableMisuse = "Automatic declines", DataAndQuality = "Checked loan history",
            ModelInformation = "Trees", DeploymentEnvironment = "Analyst tool", ReviewTriggers = "Any significant change", ReviewDate = new DateOnly(2027, 6, 30),
        }, MeganActor, default);
        await assessments.SubmitAsync(draft.Assessment.Id, MeganActor, default);
        await assessments.DecideAsync(draft.Assessment.Id, true, null, AlexActor, default);
    }

    private static Dictionary<string, bool> Criteria(JsonElement view) =>
        view.GetProperty("criteria").EnumerateArray().ToDictionary(c => c.GetProperty("label").GetString()!, c => c.GetProperty("met").GetBoolean());

    [Fact]
    public async Task The_deployment_gate_refuses_while_any_criterion_is_unmet_names_them_and_approves_once_all_are_met()
    {
        var system = await SystemAsync("Loan scorer", "VerificationAndValidation");

        var (status, request) = await _host.SendAsync(HttpMethod.Post, $"/api/systems/{system}/gate-requests", Megan, new { to = "Deployment", reason = "Validation passed." });
        Assert.Equal(HttpStatusCode.Created, status);
        var gate = request.GetProperty("request").GetProperty("id").GetString()!;
        Assert.Equal(new Dictionary<string, bool>
        {
            ["Approved, current impact assessment"] = false, ["Verification and validation report"] = false, ["Deployment plan"] = false,
            ["No untreated High or Critical risk"] = true, ["Approved Statement of Applicability"] = false,
        }, Criteria(request));

        // Each missing piece, supplied one at a time: the gate stays refused, naming exactly what is still missing.
        var (refused, problem) = await _host.SendAsync(HttpMethod.Post, $"/api/gate-requests/{gate}/decisions", Patti, new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("Deployment plan", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("impact assessment", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var report = await ApprovedDocumentAsync("Loan scorer validation report");
        await AttachAsync(system, "VerificationReport", report);
        await AttachAsync(system, "DeploymentPlan", await ApprovedDocumentAsync("Loan scorer deployment plan"));
        await ApproveAssessmentAsync(system);
        (refused, problem) = await _host.SendAsync(HttpMethod.Post, $"/api/gate-requests/{gate}/decisions", Patti, new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("Approved Statement of Applicability", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Deployment plan", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await _host.Get<SoaService>().ApproveAsync(new Actor("00000000-0000-0000-0000-0000000000022", "Adele Vance"), default);
        var (_, ready) = await _host.SendAsync(HttpMethod.Get, $"/api/gate-requests/{gate}", Patti);
        Assert.All(Criteria(ready).Values, Assert.True);
        Assert.Contains("SHA-256", ready.GetProperty("criteria")[1].GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (approved, decided) = await _host.SendAsync(HttpMethod.Post, $"/api/gate-requests/{gate}/decisions", Patti, new { approve = true });
        Assert.Equal(HttpStatusCode.OK, approved);
        Assert.Equal("Approved", decided.GetProperty("request").GetProperty("state").GetString());
        var (_, moved) = await _host.SendAsync(HttpMethod.Get, $"/api/systems/{system}", Alex);
        Assert.Equal("Deployment", moved.GetProperty("stage").GetString());
        var evidence = await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = LifecycleService.Subject(gate), Kind = EvidenceKind.LifecycleGateDecision });
        var item = Assert.Single(evidence.Items);
        Assert.Contains("A.6.2.5", item.Controls);
        Assert.Equal(Patti, item.Actor.ObjectId);
    }

    [Fact]
    public async Task Neither_the_owner_nor_the_requester_can_decide_a_gate_and_the_owner_cannot_pick_the_approver()
    {
        var system = await SystemAsync("Churn model", "Development");

        var (status, request) = await _host.SendAsync(HttpMethod.Post, $"/api/systems/{system}/gate-requests", Alex, new { reason = "Ready for testing." });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("VerificationAndValidation", request.GetProperty("request").GetProperty("to").GetString());
        var gate = request.GetProperty("request").GetProperty("id").GetString()!;

        var (ownerStatus, owner) = await _host.SendAsync(HttpMethod.Post, $"/api/gate-requests/{gate}/decisions", Megan, new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, ownerStatus);
        Assert.Contains("You own this AI system", owner.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (requesterStatus, requester) = await _host.SendAsync(HttpMethod.Post, $"/api/gate-requests/{gate}/decisions", Alex, new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, requesterStatus);
        Assert.Contains("You requested this gate", requester.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The approver cannot request their own gate, and the owner is never the approver.
        var other = await SystemAsync("Pricing model", "Development");
        var (selfStatus, _) = await _host.SendAsync(HttpMethod.Post, $"/api/systems/{other}/gate-requests", Patti, new { });
        Assert.Equal(HttpStatusCode.Forbidden, selfStatus);   // Patti neither owns it nor manages the AIMS
        var body = Register.RegisterHost.System("Owner approves", "Lending", owner: Megan, stage: "Concept");
        body["gateApproverObjectId"] = Megan;
        var (sameStatus, same) = await _host.SendAsync(HttpMethod.Post, "/api/systems", Alex, body);
        Assert.Equal(HttpStatusCode.BadRequest, sameStatus);
        Assert.Contains("separation of duties", same.GetProperty("errors").GetProperty("gateApproverObjectId")[0].GetString(), StringComparison.Ordinal);

        // Megan owns the system but may not name its approver.
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/systems/{other}", UriKind.Relative));
        get.Headers.Add("X-Aims-User", Megan);
        using var current = await _host.Client.SendAsync(get);
        var input = JsonSerializer.Deserialize<Dictionary<string, object?>>(await current.Content.ReadAsStringAsync())!;
        input["gateApproverObjectId"] = Alex;
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/systems/{other}", UriKind.Relative)) { Content = System.Net.Http.Json.JsonContent.Create(input) };
        put.Headers.Add("X-Aims-User", Megan);
        put.Headers.TryAddWithoutValidation("If-Match", current.Headers.GetValues("ETag").Single());
        using var refused = await _host.Client.SendAsync(put);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_significant_change_reopens_the_assessment_and_keeps_the_changed_system_out_of_deployment()
    {
        var system = await SystemAsync("Fraud scorer", "VerificationAndValidation");
        await AttachAsync(system, "VerificationReport", await ApprovedDocumentAsync("Fraud scorer validation report"));
        await AttachAsync(system, "DeploymentPlan", await ApprovedDocumentAsync("Fraud scorer deployment plan"));
        await ApproveAssessmentAsync(system);
        await _host.Get<SoaService>().ApproveAsync(new Actor("00000000-0000-0000-0000-0000000000022", "Adele Vance"), default);
        var (_, before) = await _host.SendAsync(HttpMethod.Get, $"/api/systems/{system}/gate", Megan);
        Assert.All(before.GetProperty("nextGateCriteria").EnumerateArray(), c => Assert.True(c.GetProperty("met").GetBoolean(), c.ToString()));

        // The owner swaps the model a day later: the approved assessment no longer describes the system.
        _host.Clock.Advance(TimeSpan.FromDays(1));
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/systems/{system}", UriKind.Relative));
        get.Headers.Add("X-Aims-User", Megan);
        using var current = await _host.Client.SendAsync(get);
        var input = JsonSerializer.Deserialize<Dictionary<string, object?>>(await current.Content.ReadAsStringAsync())!;
        input["modelType"] = "Deep neural network";
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/systems/{system}", UriKind.Relative)) { Content = System.Net.Http.Json.JsonContent.Create(input) };
        put.Headers.Add("X-Aims-User", Megan);
        put.Headers.TryAddWithoutValidation("If-Match", current.Headers.GetValues("ETag").Single());
        using var changed = await _host.Client.SendAsync(put);
        Assert.True(changed.StatusCode == HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());

        var (_, after) = await _host.SendAsync(HttpMethod.Get, $"/api/systems/{system}/gate", Megan);
        var assessment = after.GetProperty("nextGateCriteria").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "ImpactAssessmentCurrent");
        Assert.False(assessment.GetProperty("met").GetBoolean());
        Assert.Contains("significant change", assessment.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (_, request) = await _host.SendAsync(HttpMethod.Post, $"/api/systems/{system}/gate-requests", Megan, new { to = "Deployment" });
        var gate = request.GetProperty("request").GetProperty("id").GetString()!;
        var (refused, problem) = await _host.SendAsync(HttpMethod.Post, $"/api/gate-requests/{gate}/decisions", Patti, new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("approved again", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A new approval after the change clears it.
        await ApproveAssessmentAsync(system);
        var (approved, _) = await _host.SendAsync(HttpMethod.Post, $"/api/gate-requests/{gate}/decisions", Patti, new { approve = true });
        Assert.Equal(HttpStatusCode.OK, approved);
    }

    [Fact]
    public async Task Ten_simultaneous_presses_on_the_gate_card_record_one_decision_and_move_the_system_once()
    {
        var system = await SystemAsync("Route planner", "Development");
        var (_, request) = await _host.SendAsync(HttpMethod.Post, $"/api/systems/{system}/gate-requests", Megan, new { reason = "Built." });
        var gate = request.GetProperty("request").GetProperty("id").GetString()!;

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _host.PressAsync(Patti, GateApprovalCard.VerbApprove, new Dictionary<string, string?> { ["gateId"] = gate }, activityId: $"press-{i}")));

        Assert.All(answers, a => Assert.Contains("Gate approved", a, StringComparison.Ordinal));
        var evidence = await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = LifecycleService.Subject(gate), Kind = EvidenceKind.LifecycleGateDecision });
        Assert.Single(evidence.Items);
        var changes = await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = $"ai-system:{system}", Kind = EvidenceKind.RegisterChange });
        Assert.Single(changes.Items, e => e.Summary.Contains("through gate " + gate, StringComparison.Ordinal));
        var (_, moved) = await _host.SendAsync(HttpMethod.Get, $"/api/systems/{system}", Alex);
        Assert.Equal("VerificationAndValidation", moved.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task The_approver_gets_the_card_without_Approve_while_a_criterion_is_unmet_and_with_it_once_met()
    {
        var system = await SystemAsync("Claims triage", "Concept");
        var (_, request) = await _host.SendAsync(HttpMethod.Post, $"/api/systems/{system}/gate-requests", Megan, new { reason = "Scoped." });
        var gate = request.GetProperty("request").GetProperty("id").GetString()!;

        Assert.Equal(1, await Work.QueueDrain.AnnouncementsAsync(_host.Services, gate));   // the request is announced from the queue
        var card = Assert.Single(_host.Connector.CardsTo(Patti), c => c.Contains("Claims triage", StringComparison.Ordinal));
        Assert.Contains("Not met: ", card, StringComparison.Ordinal);
        Assert.Contains("Documented requirements", card, StringComparison.Ordinal);
        Assert.DoesNotContain(GateApprovalCard.VerbApprove, card, StringComparison.Ordinal);
        Assert.Contains(GateApprovalCard.VerbReject, card, StringComparison.Ordinal);

        await AttachAsync(system, "Requirements", await ApprovedDocumentAsync("Claims triage requirements"));
        var refreshed = await _host.PressAsync(Patti, GateApprovalCard.VerbRefresh, new Dictionary<string, string?> { ["gateId"] = gate });
        Assert.Contains(GateApprovalCard.VerbApprove, refreshed, StringComparison.Ordinal);
        Assert.DoesNotContain("Not met: ", refreshed, StringComparison.Ordinal);

        // Megan (the owner) refreshing sees no buttons; her press is refused on the card, which stays.
        var ownerView = await _host.PressAsync(Megan, GateApprovalCard.VerbApprove, new Dictionary<string, string?> { ["gateId"] = gate });
        Assert.Contains("You own this AI system", ownerView, StringComparison.Ordinal);
        Assert.Contains("Claims triage", ownerView, StringComparison.Ordinal);
        Assert.DoesNotContain(GateApprovalCard.VerbApprove, ownerView, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operating_system_retires_only_through_the_retirement_gate_which_asks_for_its_retirement_plan()
    {
        var operating = await SystemAsync("Operating scorer", "OperationAndMonitoring");
        var (refused, problem) = await _host.SendAsync(HttpMethod.Post, $"/api/systems/{operating}/retire", Megan);
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("retirement gate", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (_, request) = await _host.SendAsync(HttpMethod.Post, $"/api/systems/{operating}/gate-requests", Megan, new { to = "Retirement", reason = "Replaced by the vendor's model." });
        var gate = request.GetProperty("request").GetProperty("id").GetString()!;
        var (blocked, why) = await _host.SendAsync(HttpMethod.Post, $"/api/gate-requests/{gate}/decisions", Patti, new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, blocked);
        Assert.Contains("Retirement plan", why.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await AttachAsync(operating, "RetirementPlan", await ApprovedDocumentAsync("Operating scorer retirement plan"));
        var (approved, _) = await _host.SendAsync(HttpMethod.Post, $"/api/gate-requests/{gate}/decisions", Patti, new { approve = true });
        Assert.Equal(HttpStatusCode.OK, approved);
        var (_, retired) = await _host.SendAsync(HttpMethod.Get, $"/api/systems/{operating}", Alex);
        Assert.True(retired.GetProperty("retired").GetBoolean());
        Assert.Equal("Retirement", retired.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task The_stage_does_not_change_through_an_edit_or_an_import()
    {
        var system = await SystemAsync("Forecast", "Design");
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/systems/{system}", UriKind.Relative));
        get.Headers.Add("X-Aims-User", Alex);
        using var current = await _host.Client.SendAsync(get);
        var input = JsonSerializer.Deserialize<Dictionary<string, object?>>(await current.Content.ReadAsStringAsync())!;
        input["stage"] = "Deployment";
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/systems/{system}", UriKind.Relative)) { Content = System.Net.Http.Json.JsonContent.Create(input) };
        put.Headers.Add("X-Aims-User", Alex);
        put.Headers.TryAddWithoutValidation("If-Match", current.Headers.GetValues("ETag").Single());
        using var refused = await _host.Client.SendAsync(put);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("gate", problem.GetProperty("errors").GetProperty("stage")[0].GetString(), StringComparison.Ordinal);

        var (_, stored) = await _host.SendAsync(HttpMethod.Get, $"/api/systems/{system}", Alex);
        Assert.Equal("Design", stored.GetProperty("stage").GetString());
        var register = _host.Get<RegisterService>();
        var csv = "id,name,purpose,ownerObjectId,businessUnit,stage,ourRole,modelType,autonomyLevel,riskClass,impactAssessmentStatus\r\n" +
            $"{system},Forecast,Helps with Forecast,{Megan},Lending,Deployment,Developer,Classifier,DecisionSupport,Limited,InProgress\r\n";
        var report = await register.ImportAsync(csv, apply: true, partial: false, AlexActor, default);
        Assert.False(report.Applied);
        Assert.Contains(report.Errors, e => e.Field == "stage" && e.Message.Contains("gate", StringComparison.Ordinal));
    }
}
