using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aims.Application.Objectives;
using Aims.Application.Reviews;
using Aims.Application.Tests.Register;
using Aims.Application.Tests.Reviews;
using Aims.Core.Evidence;
using Aims.Core.Objectives;
using Aims.Core.Records;
using Aims.Core.Reports;
using Aims.Core.Risks;

namespace Aims.Application.Tests.Governance;

/// <summary>Context register (4.1-4.3), AI objectives and monitoring signals (6.2, 9.1) through the real DevHost on an Azurite of its own.</summary>
public sealed class ContextAndObjectivesTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private const string Alex = ReviewHost.Alex;     // AIMS manager
    private const string Megan = ReviewHost.Megan;   // owns the monitored system and objectives
    private const string Lynne = ReviewHost.Lynne;   // staff only
    private const string Monitor = "mlops-pipeline"; // an app (client credentials) in development mode
    private readonly ReviewHost _host;

    public ContextAndObjectivesTests(DedicatedAzurite azurite)
    {
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    }

    public void Dispose() => _host.Dispose();

    private DateTimeOffset Now => _host.Clock.GetUtcNow();

    private async Task<IReadOnlyList<EvidenceItem>> EvidenceAsync(string subject) =>
        (await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = subject, PageSize = 200 })).Items;

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostSignalAsync(object body, string? user = Monitor, string? appRoles = PostMonitoringSignalHandler.AppRole)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/monitoring/signals") { Content = JsonContent.Create(body) };
        if (user is not null) request.Headers.Add("X-Aims-User", user);
        if (appRoles is not null) request.Headers.Add("X-Aims-App-Roles", appRoles);
        using var response = await _host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<string> SystemAsync(string name)
    {
        var body = RegisterHost.System(name, "Lending", owner: Megan, stage: "OperationAndMonitoring");
        var (status, json) = await _host.SendAsync(HttpMethod.Post, "/api/systems", Alex, body);
        Assert.Equal(HttpStatusCode.Created, status);
        return json.GetProperty("id").GetString()!;
    }

    private async Task<string> ObjectiveAsync(object body)
    {
        var (status, json) = await _host.SendAsync(HttpMethod.Post, "/api/objectives", Alex, body);
        Assert.True(status == HttpStatusCode.Created, json.ToString());
        return json.GetProperty("id").GetString()!;
    }

    private static object BiasObjective(string system, string metric) => new
    {
        title = "Bias gap of " + system, description = "Demographic parity gap", metric, target = 0.05, direction = "AtMost", unit = "ratio",
        ownerObjectId = Megan, frequencyDays = 7, source = "Monitoring", aiSystemId = system, validMin = 0.0, validMax = 1.0,
    };

    private async Task<IReadOnlyList<NonconformityReport>> ReportsAboutAsync(string text)
    {
        var list = new List<NonconformityReport>();
        await foreach (var r in _host.Get<IReportStore>().ListAllAsync())
        {
            if (r.Title.Contains(text, StringComparison.Ordinal)) list.Add(r);
        }

        return list;
    }

    [Fact]
    public async Task Context_register_is_edited_by_aims_managers_validated_field_by_field_and_every_change_is_evidence_for_the_digest()
    {
        var issue = new { title = "EU AI Act obligations for high-risk systems", origin = "External", category = "Regulatory", description = "Annex III use in credit scoring.", effectOnAims = "Conformity assessment needed." };
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Post, "/api/context/issues", Lynne, issue)).Status);
        var (bad, problems) = await _host.SendAsync(HttpMethod.Post, "/api/context/issues", Alex, new { title = "", origin = "Sideways", description = new string('x', 5000) });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        var fields = problems.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(["origin"], fields.Order(StringComparer.Ordinal)); // an unknown enum value fails while reading the body, before the other checks
        var (bad2, problems2) = await _host.SendAsync(HttpMethod.Post, "/api/context/issues", Alex, new { title = "", origin = "External", description = new string('x', 5000) });
        Assert.Equal(HttpStatusCode.BadRequest, bad2);
        Assert.Equal(["category", "description", "title"], problems2.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Empty((await _host.SendAsync(HttpMethod.Get, "/api/context", Alex)).Body.GetProperty("issues").EnumerateArray());

        var since = Now;
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (created, stored) = await _host.SendAsync(HttpMethod.Post, "/api/context/issues", Alex, issue);
        Assert.Equal(HttpStatusCode.Created, created);
        var issueId = stored.GetProperty("id").GetString()!;
        var party = new { name = "Loan applicants", origin = "External", needs = new[] { "Fair decisions", "An explanation of automated decisions" }, addressedByAims = new[] { "Fair decisions" } };
        var (partyStatus, partyJson) = await _host.SendAsync(HttpMethod.Post, "/api/context/parties", Alex, party);
        Assert.Equal(HttpStatusCode.Created, partyStatus);
        var scope = new
        {
            statement = "The AIMS covers every AI system developed or deployed by Contoso Lending.",
            boundaries = new object[] { new { kind = "OrganisationalUnit", name = "Lending", included = true, reason = "Develops and runs the credit models." }, new { kind = "Location", name = "Lab in Oslo", included = false, reason = "Research only, no production use." } },
        };
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Put, "/api/context/scope", Alex, scope)).Status);
        var (badScope, scopeProblems) = await _host.SendAsync(HttpMethod.Put, "/api/context/scope", Alex, new { statement = "x", boundaries = new object[] { new { kind = "Location", name = "HQ", included = true, reason = "" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badScope);
        Assert.True(scopeProblems.GetProperty("errors").TryGetProperty("boundaries[0].reason", out _));

        // A stale If-Match is refused and nothing changes.
        using (var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/context/issues/{issueId}") { Content = JsonContent.Create(issue with { }) })
        {
            stale.Headers.Add("X-Aims-User", Alex);
            stale.Headers.TryAddWithoutValidation("If-Match", "\"W/stale\"");
            Assert.Equal(HttpStatusCode.Conflict, (await _host.Client.SendAsync(stale)).StatusCode);
        }

        Assert.Contains("4.1", Assert.Single(await EvidenceAsync($"context:issue:{issueId}")).Clauses);
        Assert.Contains("4.2", Assert.Single(await EvidenceAsync($"context:interestedparty:{partyJson.GetProperty("id").GetString()}")).Clauses);
        var scopeEvidence = Assert.Single(await EvidenceAsync("context:scope:scope"));
        Assert.Equal(["4.3", "4.4"], scopeEvidence.Clauses);

        var context = (await _host.SendAsync(HttpMethod.Get, "/api/context", ReviewHost.Isaiah)).Body;
        Assert.Equal("Loan applicants", Assert.Single(context.GetProperty("interestedParties").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(2, context.GetProperty("scope").GetProperty("boundaries").GetArrayLength());

        // The digest lists exactly the changes since the last review, newest first.
        var changes = await _host.Get<Context.ContextService>().ChangesSinceAsync(since);
        Assert.Equal(3, changes.Count);
        Assert.Contains("AIMS scope set", changes[0], StringComparison.Ordinal);
        Assert.Contains("Interested party", changes[1], StringComparison.Ordinal);
        Assert.Contains("EU AI Act", changes[2], StringComparison.Ordinal);
        var digest = await _host.Get<DigestBuilder>().BuildAsync("test");
        Assert.Equal(changes, digest.InterestedPartyChanges);
    }

    [Fact]
    public async Task Objectives_are_set_by_aims_managers_validated_field_by_field_and_recorded_as_evidence()
    {
        var system = await SystemAsync("Objective register model");
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Post, "/api/objectives", Megan, BiasObjective(system, "gap-x"))).Status);
        var (bad, problems) = await _host.SendAsync(HttpMethod.Post, "/api/objectives", Alex, new
        {
            title = "", metric = "Not A Metric", target = 2.0, direction = "AtMost", frequencyDays = 0, source = "Computed", validMin = 0.0, validMax = 1.0, controls = new[] { "A.6.2.6", "B.1" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["controls", "frequencyDays", "metric", "ownerObjectId", "target", "title"], problems.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var (unknown, unknownProblems) = await _host.SendAsync(HttpMethod.Post, "/api/objectives", Alex, new
        {
            title = "Drift", metric = "drift", target = 0.2, direction = "AtMost", ownerObjectId = Megan, frequencyDays = 7, source = "Monitoring", aiSystemId = "no-such-system",
        });
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Contains("no-such-system", unknownProblems.GetProperty("errors").GetProperty("aiSystemId")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain((await _host.SendAsync(HttpMethod.Get, "/api/objectives", Alex)).Body.GetProperty("items").EnumerateArray(),
            o => o.GetProperty("metric").GetString() is "drift" or "Not A Metric");

        var id = await ObjectiveAsync(BiasObjective(system, "gap-x"));
        var created = Assert.Single(await EvidenceAsync(ObjectiveService.Subject(id)));
        Assert.Equal("ai-objective", created.Kind.Value);
        Assert.Equal(["6.2"], created.Clauses);
        Assert.Equal(["A.6.1.2", "A.9.3"], created.Controls);   // ISO/IEC 42001 A.6.1.2 objectives for responsible development, A.9.3 objectives for responsible use
        var (_, detail) = await _host.SendAsync(HttpMethod.Get, $"/api/objectives/{id}", ReviewHost.Isaiah);
        Assert.Equal("<= 0.05 ratio", detail.GetProperty("objective").GetProperty("targetText").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Post, $"/api/objectives/{id}/retire", Alex)).Status);
        var (retired, refusal) = await PostSignalAsync(new { system, metric = "gap-x", value = 0.5, timestamp = Now });
        Assert.Equal(HttpStatusCode.Accepted, retired); // a retired objective no longer watches the signal
        Assert.Empty(refusal.GetProperty("objectives").EnumerateArray());
        Assert.Equal(2, (await EvidenceAsync(ObjectiveService.Subject(id))).Count);
    }

    [Fact]
    public async Task Monitoring_signals_need_an_app_with_the_monitoring_role_or_an_aims_manager()
    {
        var system = await SystemAsync("Signal auth model");
        var signal = new { system, metric = "latency-ms", value = 120.0, timestamp = Now };

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignalAsync(signal, user: null, appRoles: null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostSignalAsync(signal, user: Lynne, appRoles: null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostSignalAsync(signal, user: Monitor, appRoles: "Reports.Read")).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await PostSignalAsync(signal, user: Alex, appRoles: null)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await PostSignalAsync(signal)).Status);
    }

    [Fact]
    public async Task Malformed_unknown_system_and_out_of_range_signals_are_refused_with_a_clear_error_and_nothing_is_stored()
    {
        var system = await SystemAsync("Refusal model");
        var objective = await ObjectiveAsync(BiasObjective(system, "bias-gap"));
        var cases = new (object Body, string Field)[]
        {
            (new { system, metric = "bias-gap", timestamp = Now }, "value"),
            (new { system, metric = "Bias Gap!", value = 0.1, timestamp = Now }, "metric"),
            (new { system, metric = "bias-gap", value = "high", timestamp = Now }, "value"),
            (new { system, metric = "bias-gap", value = 0.1, timestamp = "yesterday" }, "timestamp"),
            (new { metric = "bias-gap", value = 0.1, timestamp = Now }, "system"),
            (new { system = "AIS-NOPE", metric = "bias-gap", value = 0.1, timestamp = Now }, "system"),
            (new { system, metric = "bias-gap", value = 1.7, timestamp = Now }, "value"),
            (new { system, metric = "bias-gap", value = -0.2, timestamp = Now }, "value"),
            (new { system, metric = "bias-gap", value = 0.1, timestamp = Now.AddHours(2) }, "timestamp"),
            (new { system, metric = "bias-gap", value = 0.1, timestamp = Now.AddDays(-45) }, "timestamp"),
            (new { system, metric = "bias-gap", value = 0.1, timestamp = Now, alert = true, resolved = true }, "resolved"),
        };
        foreach (var (body, field) in cases)
        {
            var (status, problem) = await PostSignalAsync(body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(body)} gave {status}");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"{JsonSerializer.Serialize(body)}: {problem}");
            Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        }

        using (var notJson = new HttpRequestMessage(HttpMethod.Post, "/api/monitoring/signals") { Content = new StringContent("{\"system\":", System.Text.Encoding.UTF8, "application/json") })
        {
            notJson.Headers.Add("X-Aims-User", Monitor);
            notJson.Headers.Add("X-Aims-App-Roles", PostMonitoringSignalHandler.AppRole);
            Assert.Equal(HttpStatusCode.BadRequest, (await _host.Client.SendAsync(notJson)).StatusCode);
        }

        var stored = (await _host.Get<ObjectiveService>().Store.GetAsync(objective))!.Value;
        Assert.Null(stored.Latest);
        Assert.Null(stored.OpenBreach);
        var log = _host.Get<IMeasurementLog>();
        Assert.Empty(await log.ListAsync(objective, null).ToListAsync());
        Assert.Empty(await log.ListAsync($"signal:{system}:bias-gap", null).ToListAsync());
        Assert.Single(await EvidenceAsync(ObjectiveService.Subject(objective))); // the objective's own creation only
        Assert.Empty(await ReportsAboutAsync(objective));
    }

    [Fact]
    public async Task A_breach_opens_exactly_one_incident_however_many_bad_measurements_arrive_and_the_owner_acknowledges_it()
    {
        var system = await SystemAsync("Credit model");
        var objective = await ObjectiveAsync(BiasObjective(system, "bias-gap"));
        var (ok, receipt) = await PostSignalAsync(new { system, metric = "bias-gap", value = 0.03, timestamp = Now.AddMinutes(-30), source = "azureml" });
        Assert.Equal(HttpStatusCode.Accepted, ok);
        Assert.True(receipt.GetProperty("objectives")[0].GetProperty("onTarget").GetBoolean());

        // Twelve off-target measurements at once, from several monitors: one breach, one incident.
        var results = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => PostSignalAsync(new { system, metric = "bias-gap", value = 0.05 + (i / 100.0), timestamp = Now.AddMinutes(-20 + i) })));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.Accepted, r.Status));
        var incidents = await ReportsAboutAsync($"Objective {objective} off target");
        var incident = Assert.Single(incidents);
        Assert.Equal(ReportKind.Incident, incident.Kind);
        Assert.Equal(Megan, incident.OwnerObjectId);
        Assert.Equal(system, incident.AiSystemId);
        var state = (await _host.Get<ObjectiveService>().Store.GetAsync(objective))!.Value;
        Assert.Equal(incident.Id, state.OpenBreach!.ReportId);
        Assert.Equal(13, (await _host.Get<IMeasurementLog>().ListAsync(objective, null).ToListAsync()).Count);
        Assert.Single(_host.Connector.CardsTo(Megan), c => c.Contains($"Objective {objective} is off target", StringComparison.Ordinal));

        // A retried post (same id) records nothing twice.
        var retried = new { system, metric = "bias-gap", value = 0.2, timestamp = Now, id = "run-77" };
        Assert.True((await PostSignalAsync(retried)).Body.GetProperty("objectives")[0].GetProperty("recorded").GetBoolean());
        Assert.False((await PostSignalAsync(retried)).Body.GetProperty("objectives")[0].GetProperty("recorded").GetBoolean());

        // Only the owner acknowledges; the acknowledgement is evidence, once.
        var data = new Dictionary<string, string?> { ["kind"] = BreachCard.KindObjective, ["id"] = objective };
        var refused = await _host.PressAsync(Alex, BreachCard.VerbAcknowledge, data);
        Assert.Contains("owner", refused, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("acknowledged", refused, StringComparison.Ordinal);
        var acked = await _host.PressAsync(Megan, BreachCard.VerbAcknowledge, data);
        Assert.Contains("acknowledged", acked, StringComparison.Ordinal);
        await _host.PressAsync(Megan, BreachCard.VerbAcknowledge, data);
        var ack = Assert.Single(await EvidenceAsync(ObjectiveService.Subject(objective)), e => e.Kind == ObjectiveService.AcknowledgementKind);
        Assert.Equal(Megan, ack.Actor.ObjectId);
        Assert.Equal(incident.Id, ack.CorrelationId);

        // Back on target closes the breach; the next miss is a new breach with a new incident.
        var (_, back) = await PostSignalAsync(new { system, metric = "bias-gap", value = 0.01, timestamp = Now.AddMinutes(1) });
        Assert.True(back.GetProperty("objectives")[0].GetProperty("breachClosed").GetBoolean());
        await PostSignalAsync(new { system, metric = "bias-gap", value = 0.3, timestamp = Now.AddMinutes(2) });
        Assert.Equal(2, (await ReportsAboutAsync($"Objective {objective} off target")).Count);
    }

    [Fact]
    public async Task A_breach_whose_opener_stopped_before_the_incident_is_taken_over_once_by_a_later_measurement()
    {
        var system = await SystemAsync("Crash model");
        var objective = await ObjectiveAsync(BiasObjective(system, "bias-gap"));
        var store = _host.Get<ObjectiveService>().Store;

        // The state a crash leaves behind: the breach is claimed, its incident never opened.
        async Task ClaimAsync(DateTimeOffset claimedAt)
        {
            var current = (await store.GetAsync(objective))!;
            await store.ReplaceAsync(objective, current.Value with { OpenBreach = new ObjectiveBreach("lost", Now.AddMinutes(-30), 0.2, null, ClaimedAt: claimedAt) }, current.ETag);
        }

        // Claimed a moment ago: its opener may still be at work, so nothing is opened twice.
        await ClaimAsync(Now.AddMinutes(-1));
        await PostSignalAsync(new { system, metric = "bias-gap", value = 0.3, timestamp = Now.AddMinutes(-2) });
        Assert.Empty(await ReportsAboutAsync($"Objective {objective} off target"));

        // Claimed long ago: the next bad measurement takes it over and opens the one incident; later ones add nothing.
        await ClaimAsync(Now.AddMinutes(-20));
        await Task.WhenAll(Enumerable.Range(1, 4).Select(i => PostSignalAsync(new { system, metric = "bias-gap", value = 0.3 + (i / 100.0), timestamp = Now.AddSeconds(-60 + i) })));
        var incident = Assert.Single(await ReportsAboutAsync($"Objective {objective} off target"));
        Assert.Equal(incident.Id, (await store.GetAsync(objective))!.Value.OpenBreach!.ReportId);
    }

    [Fact]
    public async Task A_monitoring_alert_opens_one_incident_per_episode_also_from_azure_monitors_common_alert_schema()
    {
        var system = await SystemAsync("Fraud model");
        var fired = new { system, metric = "drift", value = 0.41, timestamp = Now, alert = true, message = "Population stability index above 0.25" };
        var (status, first) = await PostSignalAsync(fired);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.True(first.GetProperty("alertOpened").GetBoolean());
        Assert.False((await PostSignalAsync(fired with { })).Body.GetProperty("alertOpened").GetBoolean());
        var incident = Assert.Single(await ReportsAboutAsync($"Monitoring alert for {system}"));
        Assert.Equal(Megan, incident.OwnerObjectId);
        Assert.Single(_host.Connector.CardsTo(Megan), c => c.Contains("Monitoring alert for your AI system", StringComparison.Ordinal) && c.Contains(system, StringComparison.Ordinal));

        // Azure Monitor: resolved closes the episode, the next firing opens a new incident.
        object Azure(string condition, DateTimeOffset at) => new
        {
            schemaId = "azureMonitorCommonAlertSchema",
            data = new
            {
                essentials = new { alertId = "/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a1", alertRule = "Drift", monitorCondition = condition, firedDateTime = at, resolvedDateTime = at, description = "PSI above threshold" },
                alertContext = new { condition = new { allOf = new[] { new { metricName = "Drift", metricValue = 0.3 } } } },
                customProperties = new { aimsSystem = system },
            },
        };
        _host.Clock.Advance(TimeSpan.FromMinutes(15));
        var resolved = await PostSignalAsync(Azure("Resolved", Now.AddMinutes(-10)));
        Assert.True(resolved.Status == HttpStatusCode.Accepted, resolved.Body.ToString());
        var (again, reopened) = await PostSignalAsync(Azure("Fired", Now.AddMinutes(-5)));
        Assert.Equal(HttpStatusCode.Accepted, again);
        Assert.True(reopened.GetProperty("alertOpened").GetBoolean());
        Assert.Equal(2, (await ReportsAboutAsync($"Monitoring alert for {system}")).Count);
        var (missing, problem) = await PostSignalAsync(new { schemaId = "azureMonitorCommonAlertSchema", data = new { essentials = new { monitorCondition = "Fired", firedDateTime = Now } } });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.True(problem.GetProperty("errors").TryGetProperty("data.customProperties.aimsSystem", out _));
    }

    [Fact]
    public async Task Computed_and_manual_objectives_are_measured_on_schedule_and_only_the_owner_enters_a_value_once_per_press()
    {
        // Two overdue treatment actions, one done and one not yet due: the computed value is 2.
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var risk = new Risk
        {
            Id = "R-9001", AiSystemId = "AIS-X", Title = "Overdue treatments", OwnerObjectId = Megan, Likelihood = 3, Impact = 3, ResidualLikelihood = 2, ResidualImpact = 2,
            Treatment = TreatmentOption.Mitigate, TreatmentPlan = "Plan", CreatedAt = Now,
            Actions = [new TreatmentAction("a", Megan, today.AddDays(-3)), new TreatmentAction("b", Megan, today.AddDays(-1)), new TreatmentAction("c", Megan, today.AddDays(-9), Done: true), new TreatmentAction("d", Megan, today.AddDays(5))],
        };
        await _host.Get<IRiskRegister>().CreateAsync(risk);
        var computed = await ObjectiveAsync(new { title = "No overdue treatments", metric = ComputedMetrics.OverdueTreatments, target = 0, direction = "AtMost", ownerObjectId = Alex, frequencyDays = 7, source = "Computed" });
        var manual = await ObjectiveAsync(new { title = "Explainability survey score", metric = "explainability-score", target = 4.0, direction = "AtLeast", ownerObjectId = Megan, frequencyDays = 30, source = "Manual", validMin = 1.0, validMax = 5.0 });
        var job = _host.Get<IEnumerable<Aims.Application.Work.IScheduledJob>>().OfType<ObjectiveMeasurementJob>().Single();

        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None); // a second run (or instance) the same day adds nothing

        var value = Assert.Single(await _host.Get<IMeasurementLog>().ListAsync(computed, null).ToListAsync());
        Assert.Equal(2, value.Value);
        Assert.False(value.OnTarget);
        Assert.Single(_host.Connector.CardsTo(Megan), c => c.Contains("Measurement due: Explainability survey score", StringComparison.Ordinal));

        var data = new Dictionary<string, string?> { ["objectiveId"] = manual, [ObjectiveMeasurementCard.ValueInput] = "4.5", [ObjectiveMeasurementCard.NoteInput] = "Survey of 40 users" };
        Assert.Contains("owner", await _host.PressAsync(Lynne, ObjectiveMeasurementCard.VerbMeasure, data), StringComparison.OrdinalIgnoreCase);
        var notANumber = await _host.PressAsync(Megan, ObjectiveMeasurementCard.VerbMeasure, new Dictionary<string, string?>(data) { [ObjectiveMeasurementCard.ValueInput] = "lots" });
        Assert.Contains("must be a number", notANumber, StringComparison.Ordinal);
        var outOfRange = await _host.PressAsync(Megan, ObjectiveMeasurementCard.VerbMeasure, new Dictionary<string, string?>(data) { [ObjectiveMeasurementCard.ValueInput] = "9" });
        Assert.Contains("above the valid maximum", outOfRange, StringComparison.Ordinal);
        var recorded = await _host.PressAsync(Megan, ObjectiveMeasurementCard.VerbMeasure, data, activityId: "press-1");
        await _host.PressAsync(Megan, ObjectiveMeasurementCard.VerbMeasure, data, activityId: "press-1");
        Assert.Contains("You recorded 4.5", recorded, StringComparison.Ordinal);
        var entered = Assert.Single(await _host.Get<IMeasurementLog>().ListAsync(manual, null).ToListAsync());
        Assert.Equal(MeasurementSource.Manual, entered.Source);
        Assert.Equal(Megan, entered.ByObjectId);

        // After the frequency the owner is asked again, once.
        _host.Clock.Advance(TimeSpan.FromDays(31));
        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);
        Assert.Equal(2, _host.Connector.CardsTo(Megan).Count(c => c.Contains("Measurement due: Explainability survey score", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_digest_shows_each_objectives_trend_since_the_last_review()
    {
        var system = await SystemAsync("Trend model");
        var onTarget = await ObjectiveAsync(BiasObjective(system, "gap-a"));
        var offTarget = await ObjectiveAsync(BiasObjective(system, "gap-b"));
        var noData = await ObjectiveAsync(BiasObjective(system, "gap-c"));
        await PostSignalAsync(new { system, metric = "gap-a", value = 0.09, timestamp = Now.AddMinutes(-10) });
        await PostSignalAsync(new { system, metric = "gap-b", value = 0.02, timestamp = Now.AddMinutes(-10) });
        await PostSignalAsync(new { system, metric = "gap-c", value = 0.02, timestamp = Now.AddMinutes(-10) });
        var review = await _host.Get<ManagementReviewService>().SendAsync(new Core.Identity.Actor(Alex, "Alex Wilber"), CancellationToken.None);

        _host.Clock.Advance(TimeSpan.FromDays(1));
        await PostSignalAsync(new { system, metric = "gap-a", value = 0.04, timestamp = Now });
        await PostSignalAsync(new { system, metric = "gap-b", value = 0.12, timestamp = Now });
        var digest = await _host.Get<DigestBuilder>().BuildAsync("test");

        var trends = digest.Objectives!.ToDictionary(t => t.ObjectiveId);
        Assert.Equal(TrendStatus.OnTarget, trends[onTarget].Status);
        Assert.Equal(0.04, trends[onTarget].Latest);
        Assert.Equal(0.09, trends[onTarget].AtLastReview);
        Assert.Equal(TrendStatus.OffTarget, trends[offTarget].Status);
        Assert.Equal(0.02, trends[offTarget].AtLastReview);
        Assert.Equal(TrendStatus.NoData, trends[noData].Status);
        Assert.Null(trends[noData].Latest);
        Assert.Equal(review.Digest.At, digest.PreviousAt);
    }
}
