using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aims.Application.Demo;
using Aims.Application.Risks;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Risks;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Risks;

/// <summary>The risk register and its approval workflow through the real DevHost on Azurite.</summary>
public sealed class RiskWorkflowTests : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";   // AIMS manager, risk owner
    private const string Megan = "00000000-0000-0000-0000-0000000000021";  // risk owner
    private const string Adele = "00000000-0000-0000-0000-0000000000022";  // top management
    private const string Patti = "00000000-0000-0000-0000-0000000000024";  // risk owner
    private const string Lynne = "00000000-0000-0000-0000-0000000000025";  // staff
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly DevHostFactory _host;
    private readonly HttpClient _client;

    public RiskWorkflowTests(AzuriteFixture azurite)
    {
        _host = new DevHostFactory(azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(_clock));
        _client = _host.CreateClient();
    }

    public async Task InitializeAsync() => await _host.Services.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);

    public Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    private RiskService Service => _host.Services.GetRequiredService<RiskService>();

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string user, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Aims-User", user);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _client.SendAsync(request);
    }

    private static object NewRisk(string owner = Alex, string treatment = "Mitigate", int rl = 2, int ri = 2) => new
    {
        aiSystemId = "demo-credit-scoring",
        title = "Explanations unclear to applicants",
        description = "Reason codes are too technical.",
        category = "TransparencyAndExplainability",
        source = "Use",
        likelihood = 4,
        impact = 4,
        treatment,
        treatmentPlan = treatment == "Accept" ? "" : "Rewrite reason codes in plain language",
        residualLikelihood = rl,
        residualImpact = ri,
        ownerObjectId = owner,
        nextReviewDate = "2027-06-01",
        controls = new[] { "A.8.2" },
    };

    private async Task<JsonElement> CreateAsync(string user, object body)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/risks", user, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        Assert.NotNull(response.Headers.ETag);
        return json;
    }

    [Fact]
    public async Task Creating_a_risk_reports_every_invalid_field_and_stores_nothing()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/risks", Alex, new { aiSystemId = "no-such-system", title = "", likelihood = 9, impact = 3, residualLikelihood = 1, residualImpact = 1, category = "Privacy", source = "Data", treatment = "Mitigate", ownerObjectId = Megan });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = body.GetProperty("errors");
        foreach (var field in new[] { "title", "likelihood", "treatmentPlan" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        using var unknownSystem = await SendAsync(HttpMethod.Post, "/api/risks", Alex, new { aiSystemId = "no-such-system", title = "x", likelihood = 2, impact = 2, residualLikelihood = 1, residualImpact = 1, category = "Privacy", source = "Data", treatment = "Mitigate", treatmentPlan = "p", ownerObjectId = Megan });
        Assert.Contains("no-such-system", await unknownSystem.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_risk_owner_edits_only_their_own_risks_and_cannot_hand_them_over()
    {
        var alexs = await CreateAsync(Alex, NewRisk(owner: Alex));
        var meganS = await CreateAsync(Megan, NewRisk(owner: Megan));
        var alexsId = alexs.GetProperty("risk").GetProperty("id").GetString()!;
        var megansId = meganS.GetProperty("risk").GetProperty("id").GetString()!;
        var alexsETag = (await _host.Services.GetRequiredService<IRiskRegister>().GetAsync(alexsId))!.ETag;
        var megansETag = (await _host.Services.GetRequiredService<IRiskRegister>().GetAsync(megansId))!.ETag;

        using var other = await SendAsync(HttpMethod.Put, $"/api/risks/{alexsId}", Megan, NewRisk(owner: Megan), alexsETag);
        using var handOver = await SendAsync(HttpMethod.Put, $"/api/risks/{megansId}", Megan, NewRisk(owner: Patti), megansETag);

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("owned by someone else", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, handOver.StatusCode);
        Assert.Contains("Only an AIMS manager may change the owner", await handOver.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var register = _host.Services.GetRequiredService<IRiskRegister>();
        Assert.Equal(Alex, (await register.GetAsync(alexsId))!.Risk.OwnerObjectId);
        Assert.Equal(0, (await register.GetAsync(alexsId))!.Risk.Revision);
        Assert.Equal(Megan, (await register.GetAsync(megansId))!.Risk.OwnerObjectId);

        using var own = await SendAsync(HttpMethod.Put, $"/api/risks/{megansId}", Megan, NewRisk(owner: Megan), megansETag);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var byManager = await SendAsync(HttpMethod.Put, $"/api/risks/{megansId}", Alex, NewRisk(owner: Patti), (await register.GetAsync(megansId))!.ETag);
        Assert.Equal(HttpStatusCode.OK, byManager.StatusCode);
        Assert.Equal(Patti, (await register.GetAsync(megansId))!.Risk.OwnerObjectId);
    }

    [Fact]
    public async Task Staff_cannot_read_or_create_risks()
    {
        using var list = await SendAsync(HttpMethod.Get, "/api/risks", Lynne);
        using var create = await SendAsync(HttpMethod.Post, "/api/risks", Lynne, NewRisk());

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task Submit_then_only_the_named_owner_approves_and_each_decision_is_evidence()
    {
        var created = await CreateAsync(Megan, NewRisk(owner: Alex));
        var id = created.GetProperty("risk").GetProperty("id").GetString()!;

        using (var submit = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/submit", Megan))
        {
            Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        }

        using var byPatti = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/decisions", Patti, new { outcome = "Approved" });
        Assert.Equal(HttpStatusCode.Conflict, byPatti.StatusCode);
        Assert.Contains("Only the risk owner", await byPatti.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var rejectWithoutComment = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/decisions", Alex, new { outcome = "Rejected" });
        Assert.Contains("comment is required", await rejectWithoutComment.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var byAlex = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/decisions", Alex, new { outcome = "Approved", requestId = "press-1" });
        var approved = await byAlex.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Approved", approved.GetProperty("risk").GetProperty("state").GetString());

        var evidence = await _host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = $"risk:{id}", Kind = EvidenceKind.RiskDecision });
        var decision = Assert.Single(evidence.Items, i => i.Actor.ObjectId == Alex);
        Assert.Contains("6.1.3", decision.Clauses);
        Assert.Contains("A.8.2", decision.Controls);
        using var payload = await _host.Services.GetRequiredService<IEvidenceStore>().OpenPayloadAsync(decision.Id);
        var frozen = await JsonDocument.ParseAsync(payload!);
        Assert.Equal("Low", frozen.RootElement.GetProperty("decision").GetProperty("residualAtDecision").GetProperty("level").GetString());
        Assert.Contains("RiskOwner", frozen.RootElement.GetProperty("decision").GetProperty("actorRoles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Editing_needs_the_current_etag()
    {
        var created = await CreateAsync(Alex, NewRisk(owner: Megan));
        var id = created.GetProperty("risk").GetProperty("id").GetString()!;
        using var get = await SendAsync(HttpMethod.Get, $"/api/risks/{id}", Alex);
        var etag = get.Headers.ETag!.Tag;

        using var missing = await SendAsync(HttpMethod.Put, $"/api/risks/{id}", Alex, NewRisk(owner: Megan));
        using var first = await SendAsync(HttpMethod.Put, $"/api/risks/{id}", Alex, NewRisk(owner: Megan, rl: 1), etag);
        using var stale = await SendAsync(HttpMethod.Put, $"/api/risks/{id}", Alex, NewRisk(owner: Megan, rl: 3), etag);

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        using var after = await SendAsync(HttpMethod.Get, $"/api/risks/{id}", Alex);
        Assert.Equal(1, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("risk").GetProperty("residualLikelihood").GetInt32());
    }

    [Fact]
    public async Task Twenty_simultaneous_presses_record_exactly_one_decision()
    {
        var created = await CreateAsync(Megan, NewRisk(owner: Alex));
        var id = created.GetProperty("risk").GetProperty("id").GetString()!;
        var submitted = await Service.SubmitAsync(id, new Actor(Megan, "Megan Bowen"), "submit-1", CancellationToken.None);

        var presses = Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            Service.DecideAsync(id, submitted.Risk.Revision, new Actor(Alex, "Alex Wilber"), DecisionOutcome.Approved, null, $"press-{i}", CancellationToken.None)));
        var results = await Task.WhenAll(presses);

        var stored = (await _host.Services.GetRequiredService<IRiskRegister>().GetAsync(id))!.Risk;
        Assert.Single(stored.Decisions, d => d.Stage == ApprovalStage.RiskOwner);
        Assert.Single(results, r => r.Applied);
        // The losing presses are the same person's: they are told their decision stands, not that their card was out of date.
        Assert.All(results.Where(r => !r.Applied), r => Assert.Equal("Your decision (approved) is recorded. The risk is now approved.", r.Notice));
        Assert.All(results, r => Assert.Equal(ApprovalState.Approved, r.Current.Risk.State));
        var evidence = await _host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = $"risk:{id}", Kind = EvidenceKind.RiskDecision });
        Assert.Equal(2, evidence.Items.Count); // the submission and the one approval
    }

    [Fact]
    public async Task A_second_press_of_an_old_card_shows_your_own_decision_and_warns_only_someone_else()
    {
        var created = await CreateAsync(Megan, NewRisk(owner: Alex));
        var id = created.GetProperty("risk").GetProperty("id").GetString()!;
        var submitted = await Service.SubmitAsync(id, new Actor(Megan, "Megan Bowen"), "submit-own", CancellationToken.None);

        var first = await Service.DecideAsync(id, submitted.Risk.Revision, new Actor(Alex, "Alex Wilber"), DecisionOutcome.Approved, null, "own-1", CancellationToken.None);
        var again = await Service.DecideAsync(id, submitted.Risk.Revision, new Actor(Alex, "Alex Wilber"), DecisionOutcome.Approved, null, "own-2", CancellationToken.None);
        var other = await Service.DecideAsync(id, submitted.Risk.Revision, new Actor(Megan, "Megan Bowen"), DecisionOutcome.Rejected, "no", "other-1", CancellationToken.None);

        Assert.True(first.Applied);
        Assert.False(again.Applied);
        Assert.Equal("Your decision (approved) is recorded. The risk is now approved.", again.Notice);
        Assert.False(other.Applied);
        Assert.StartsWith("Nothing was changed: this card was out of date.", other.Notice, StringComparison.Ordinal);
        Assert.Single((await _host.Services.GetRequiredService<IRiskRegister>().GetAsync(id))!.Risk.Decisions, d => d.Stage == ApprovalStage.RiskOwner);
    }

    [Fact]
    public async Task The_same_press_twice_records_once()
    {
        var created = await CreateAsync(Megan, NewRisk(owner: Alex));
        var id = created.GetProperty("risk").GetProperty("id").GetString()!;
        await Service.SubmitAsync(id, new Actor(Megan, "Megan Bowen"), "submit-2", CancellationToken.None);

        var first = await Service.DecideAsync(id, null, new Actor(Alex, "Alex Wilber"), DecisionOutcome.Approved, null, "same-press", CancellationToken.None);
        var second = await Service.DecideAsync(id, null, new Actor(Alex, "Alex Wilber"), DecisionOutcome.Approved, null, "same-press", CancellationToken.None);

        Assert.True(first.Applied);
        Assert.True(second.Applied);
        Assert.Equal(first.Current.Risk.Revision, second.Current.Risk.Revision);
    }

    [Fact]
    public async Task A_high_residual_acceptance_needs_top_management_and_expires_at_its_review_date()
    {
        var body = NewRisk(owner: Alex, treatment: "Accept", rl: 3, ri: 4);
        var created = await CreateAsync(Megan, body);
        var id = created.GetProperty("risk").GetProperty("id").GetString()!;
        await Service.SubmitAsync(id, new Actor(Megan, "Megan Bowen"), "s", CancellationToken.None);
        var afterOwner = await Service.DecideAsync(id, null, new Actor(Alex, "Alex Wilber"), DecisionOutcome.Approved, null, "o", CancellationToken.None);
        Assert.Equal(ApprovalState.AcceptancePendingTopManagement, afterOwner.Current.Risk.State);

        await Assert.ThrowsAsync<WorkflowRefusedException>(() => Service.DecideAsync(id, null, new Actor(Alex, "Alex Wilber"), DecisionOutcome.Approved, null, "o2", CancellationToken.None));
        var accepted = await Service.DecideAsync(id, null, new Actor(Adele, "Adele Vance"), DecisionOutcome.Approved, null, "t", CancellationToken.None);
        Assert.Equal(ApprovalState.Accepted, accepted.Current.Risk.State);

        _clock.SetUtcNow(new DateTimeOffset(2027, 6, 1, 7, 0, 0, TimeSpan.Zero));
        await _host.Services.GetServices<Aims.Application.Work.IScheduledJob>().Single(j => j.Name == RiskFollowUpJob.JobName).RunAsync(CancellationToken.None);

        var stored = (await _host.Services.GetRequiredService<IRiskRegister>().GetAsync(id))!.Risk;
        Assert.Equal(ApprovalState.Expired, stored.State);
        Assert.Equal(DecisionOutcome.Expired, stored.Decisions[^1].Outcome);

        // The expiry is evidence of its own, dated by the clock that expired it.
        var evidence = await _host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = $"risk:{id}", Kind = EvidenceKind.RiskDecision, PageSize = 100 });
        var expiry = Assert.Single(evidence.Items, e => e.Summary.StartsWith($"{id} Expired by ", StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2027, 6, 1, 7, 0, 0, TimeSpan.Zero), expiry.RecordedAt);
        Assert.Equal(["6.1.2", "6.1.3", "8.2", "8.3"], expiry.Clauses);
        Assert.Equal(["A.8.2"], expiry.Controls);
        Assert.Equal(4, evidence.Items.Count);   // submitted, owner's approval, top management's acceptance, expiry
    }

    [Theory]
    [InlineData("Rejected", "Rejected")]
    [InlineData("ChangesRequested", "ChangesRequested")]
    public async Task A_rejection_or_a_request_for_changes_is_evidence_with_its_comment(string outcome, string state)
    {
        var created = await CreateAsync(Megan, NewRisk(owner: Alex));
        var id = created.GetProperty("risk").GetProperty("id").GetString()!;
        using (var submit = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/submit", Megan))
        {
            Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        }

        using var decided = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/decisions", Alex, new { outcome, comment = "Residual rating is optimistic", requestId = "press-" + outcome });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(state, (await decided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("risk").GetProperty("state").GetString());
        var evidence = await _host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = $"risk:{id}", Kind = EvidenceKind.RiskDecision, PageSize = 100 });
        var decision = Assert.Single(evidence.Items, e => e.CorrelationId == "press-" + outcome);
        Assert.Equal(Alex, decision.Actor.ObjectId);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero), decision.RecordedAt);
        Assert.Equal(["6.1.2", "6.1.3", "8.2", "8.3"], decision.Clauses);
        Assert.StartsWith($"{id} {outcome} by ", decision.Summary, StringComparison.Ordinal);
        using var payload = await _host.Services.GetRequiredService<IEvidenceStore>().OpenPayloadAsync(decision.Id);
        using var frozen = await JsonDocument.ParseAsync(payload!);
        Assert.Equal(outcome, frozen.RootElement.GetProperty("decision").GetProperty("outcome").GetString());
        Assert.Equal("Residual rating is optimistic", frozen.RootElement.GetProperty("decision").GetProperty("comment").GetString());
        Assert.Equal(2, evidence.Items.Count);   // the submission and this decision
    }

    [Fact]
    public async Task The_demo_organisation_has_a_risk_in_every_state()
    {
        var states = new HashSet<ApprovalState>();
        await foreach (var risk in _host.Services.GetRequiredService<IRiskRegister>().ListAllAsync())
        {
            if (risk.Id is "R-1" or "R-2" or "R-3" or "R-4" or "R-5" or "R-7" or "R-9" or "R-11")
            {
                states.Add(risk.State);
            }
        }

        Assert.Equal(Enum.GetValues<ApprovalState>().ToHashSet(), states);
        Assert.Equal(Alex, (await _host.Services.GetRequiredService<IRiskRegister>().GetAsync("R-1"))!.Risk.OwnerObjectId);
    }

    [Fact]
    public async Task Waiting_decisions_are_reminded_daily_then_escalated_to_the_aims_managers_once()
    {
        var created = await CreateAsync(Alex, NewRisk(owner: Megan));
        var id = created.GetProperty("risk").GetProperty("id").GetString()!;
        var submitted = await Service.SubmitAsync(id, new Actor(Alex, "Alex Wilber"), "sub", CancellationToken.None);
        var job = _host.Services.GetServices<Aims.Application.Work.IScheduledJob>().Single(j => j.Name == RiskFollowUpJob.JobName);
        var deliveries = _host.Services.GetRequiredService<Core.Messaging.IDeliveryLog>();
        var rev = submitted.Risk.Revision;

        _clock.Advance(TimeSpan.FromDays(2));
        await job.RunAsync(CancellationToken.None);
        Assert.Null(await deliveries.FindAsync($"risk-reminder:{id}:{rev}:{_clock.GetUtcNow():yyyy-MM-dd}", Megan));

        _clock.Advance(TimeSpan.FromDays(2));
        await job.RunAsync(CancellationToken.None);
        Assert.NotNull(await deliveries.FindAsync($"risk-reminder:{id}:{rev}:{_clock.GetUtcNow():yyyy-MM-dd}", Megan));
        Assert.Null(await deliveries.FindAsync($"risk-escalation:{id}:{rev}", Alex));

        _clock.Advance(TimeSpan.FromDays(4));
        await job.RunAsync(CancellationToken.None);
        var escalation = await deliveries.FindAsync($"risk-escalation:{id}:{rev}", Alex);
        Assert.NotNull(escalation);

        // A second run the same day sends nothing new: the claims stand.
        await job.RunAsync(CancellationToken.None);
        Assert.Equal(escalation!.UpdatedAt, (await deliveries.FindAsync($"risk-escalation:{id}:{rev}", Alex))!.UpdatedAt);
    }
}
