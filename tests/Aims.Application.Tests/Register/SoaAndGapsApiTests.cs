using System.Net;
using System.Text;
using System.Text.Json;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Testing;

namespace Aims.Application.Tests.Register;

public sealed class SoaApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_soa_lists_all_38_controls()
    {
        using var host = new RegisterHost(azurite.ConnectionString);

        using var response = await host.SendAsync(HttpMethod.Get, "/api/soa", RegisterHost.Staff);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var controls = (await RegisterHost.JsonAsync(response)).GetProperty("controls").EnumerateArray().ToList();
        Assert.Equal(38, controls.Count);
        Assert.Equal("A.2.2", controls[0].GetProperty("controlId").GetString());
        Assert.Equal("AI policy", controls[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Not_applicable_needs_a_justification_and_evidence_must_exist()
    {
        using var host = new RegisterHost(azurite.ConnectionString);

        using var noWhy = await host.SendAsync(HttpMethod.Put, "/api/soa/A.10.3", RegisterHost.Manager, new { applicable = false, status = "NotStarted" });
        Assert.Equal(HttpStatusCode.BadRequest, noWhy.StatusCode);
        Assert.Equal(["justification"], (await RegisterHost.JsonAsync(noWhy)).GetProperty("errors").EnumerateObject().Select(p => p.Name));

        var missing = "sha256:" + new string('a', 64);
        using var unknownEvidence = await host.SendAsync(HttpMethod.Put, "/api/soa/A.10.3", RegisterHost.Manager, new { applicable = true, status = "Implemented", evidenceIds = new[] { missing } });
        Assert.Equal(HttpStatusCode.BadRequest, unknownEvidence.StatusCode);
        Assert.True((await RegisterHost.JsonAsync(unknownEvidence)).GetProperty("errors").TryGetProperty("evidenceIds[0]", out _));

        var item = await host.Get<IEvidenceStore>().RecordAsync(new NewEvidence(EvidenceKind.Other, "supplier-review", new Actor(RegisterHost.Manager, "Alex"), [], ["A.10.3"], null,
            "Supplier review", Encoding.UTF8.GetBytes("{}"), NewEvidence.JsonContentType));
        using var ok = await host.SendAsync(HttpMethod.Put, "/api/soa/A.10.3", RegisterHost.Manager, new { applicable = true, status = "Partially", ownerObjectId = RegisterHost.Megan, evidenceIds = new[] { item.Id }, lastReviewed = "2025-01-15" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var saved = await RegisterHost.JsonAsync(ok);
        Assert.Equal("Partially", saved.GetProperty("status").GetString());
        Assert.Equal(item.Id, saved.GetProperty("evidenceIds")[0].GetString());

        using var stale = await host.SendAsync(HttpMethod.Put, "/api/soa/A.10.3", RegisterHost.Manager, new { applicable = true, status = "Planned" }, ifMatch: "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        using var unknownControl = await host.SendAsync(HttpMethod.Put, "/api/soa/A.1.1", RegisterHost.Manager, new { applicable = true, status = "Implemented" });
        Assert.Equal(HttpStatusCode.NotFound, unknownControl.StatusCode);

        using var staff = await host.SendAsync(HttpMethod.Put, "/api/soa/A.10.3", RegisterHost.Staff, new { applicable = true, status = "Implemented" });
        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
    }

    [Fact]
    public async Task Top_management_approves_the_soa_but_not_someone_who_edited_it_and_implemented_needs_evidence()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        using (var noEvidence = await host.SendAsync(HttpMethod.Put, "/api/soa/A.6.2.4", RegisterHost.Manager, new { applicable = true, justification = "We build models", status = "Implemented" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noEvidence.StatusCode);
            Assert.Contains("Implemented needs evidence", (await RegisterHost.JsonAsync(noEvidence)).GetProperty("errors").GetProperty("evidenceIds")[0].GetString(), StringComparison.Ordinal);
        }

        // A top management member who edits an entry hands the approval to another.
        var soa = host.Get<Aims.Application.Register.SoaService>();
        var entry = (Aims.Core.Soa.StatementOfApplicability.Validate("A.9.2", new Aims.Core.Soa.SoaEntryInput(true, "Responsible use is in scope", "Planned", null, [], null), soa.Today, soa.Now, RegisterHost.TopManager)).Entry!;
        await host.Get<Aims.Core.Soa.ISoaStore>().SaveAsync(entry, null);
        var refused = await Assert.ThrowsAsync<Aims.Core.Risks.WorkflowRefusedException>(() => soa.ApproveAsync(new Aims.Core.Identity.Actor(RegisterHost.TopManager, "Adele Vance"), CancellationToken.None));
        Assert.Contains("A.9.2", refused.Message, StringComparison.Ordinal);
        Assert.Contains("separation of duties", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_records_each_version_as_evidence()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        using (var put = await host.SendAsync(HttpMethod.Put, "/api/soa/A.8.3", RegisterHost.Manager, new { applicable = false, justification = "No external reporting <script>alert(1)</script>", status = "NotStarted" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var before = await VersionsAsync(host);

        // The edit is evidence of its own, and the approver sees it among the changes since the last approved version.
        var edits = await host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = "soa:A.8.3", Kind = EvidenceKind.SoaEntryChange });
        Assert.Equal(RegisterHost.Manager, Assert.Single(edits.Items).Actor.ObjectId);
        using (var pending = await host.SendAsync(HttpMethod.Get, "/api/soa/changes", RegisterHost.Auditor))
        {
            var change = (await RegisterHost.JsonAsync(pending)).GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("controlId").GetString() == "A.8.3");
            Assert.Equal("applicable -> not applicable", change.GetProperty("applicable").GetString());
        }

        // Approval is top management's, never an AIMS manager's, and never by someone who edited the SoA since the last version.
        using var manager = await host.SendAsync(HttpMethod.Post, "/api/soa/approve", RegisterHost.Manager);
        using var first = await host.SendAsync(HttpMethod.Post, "/api/soa/approve", RegisterHost.TopManager);
        using var second = await host.SendAsync(HttpMethod.Post, "/api/soa/approve", RegisterHost.TopManager);
        using var staff = await host.SendAsync(HttpMethod.Post, "/api/soa/approve", RegisterHost.Auditor);

        Assert.Equal(HttpStatusCode.Forbidden, manager.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        var v1 = await RegisterHost.JsonAsync(first);
        var v2 = await RegisterHost.JsonAsync(second);
        Assert.Equal(before.Count + 1, v1.GetProperty("version").GetInt32());
        Assert.Equal(before.Count + 2, v2.GetProperty("version").GetInt32());
        var after = await VersionsAsync(host);
        Assert.Equal(before.Count + 2, after.Count);

        var evidence = host.Get<IEvidenceStore>();
        var item = (await evidence.GetAsync(v1.GetProperty("evidenceId").GetString()!))!;
        Assert.Equal("soa-version", item.Kind.Value);
        Assert.Equal(["6.1.3"], item.Clauses);
        using var payload = (await evidence.OpenPayloadAsync(item.Id))!;
        var snapshot = await JsonSerializer.DeserializeAsync<JsonElement>(payload);
        var entries = snapshot.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(38, entries.Count);
        Assert.Contains(entries, e => e.GetProperty("controlId").GetString() == "A.8.3" && !e.GetProperty("applicable").GetBoolean());

        using var csv = await host.SendAsync(HttpMethod.Get, "/api/soa/export?format=csv", RegisterHost.Auditor);
        Assert.Equal(39, (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        using var html = await host.SendAsync(HttpMethod.Get, "/api/soa/export?format=html", RegisterHost.Auditor);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("A.6.2.8", page, StringComparison.Ordinal);
        Assert.Contains($"version: {before.Count + 2}", page, StringComparison.Ordinal);

        // The first of the two versions changed A.8.3 (against nothing approved before, or the version before); the second changed nothing.
        using (var v1Changes = await host.SendAsync(HttpMethod.Get, $"/api/soa/versions/{v1.GetProperty("version").GetInt32()}/changes", RegisterHost.Auditor))
        {
            Assert.Contains((await RegisterHost.JsonAsync(v1Changes)).GetProperty("changes").EnumerateArray(), c => c.GetProperty("controlId").GetString() == "A.8.3");
        }

        using (var v2Changes = await host.SendAsync(HttpMethod.Get, $"/api/soa/versions/{v2.GetProperty("version").GetInt32()}/changes", RegisterHost.Auditor))
        {
            Assert.Empty((await RegisterHost.JsonAsync(v2Changes)).GetProperty("changes").EnumerateArray());
        }

        using var badFormat = await host.SendAsync(HttpMethod.Get, "/api/soa/export?format=pdf", RegisterHost.Auditor);
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
    }

    private static async Task<List<JsonElement>> VersionsAsync(RegisterHost host)
    {
        using var response = await host.SendAsync(HttpMethod.Get, "/api/soa/versions", RegisterHost.Staff);
        return [.. (await RegisterHost.JsonAsync(response)).GetProperty("versions").EnumerateArray()];
    }
}

public sealed class GapsApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Coverage_rises_as_evidence_is_recorded_within_the_review_period()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var evidence = host.Get<IEvidenceStore>();
        var actor = new Actor(RegisterHost.Manager, "Alex");
        // Old evidence (outside the 365-day period) does not count.
        await evidence.RecordAsync(new NewEvidence(EvidenceKind.ReviewOutcome, "management-review:opportunities", actor, ["10.1"], [], null, "Old", Encoding.UTF8.GetBytes("{}"),
            NewEvidence.JsonContentType, host.Clock.GetUtcNow().AddDays(-400)));
        // Evidence that is no operating record (here a note filed as "other") does not count, however it is tagged, not even
        // when the SoA links it to call the control implemented.
        var note = await evidence.RecordAsync(new NewEvidence(EvidenceKind.Other, "corrective-action-note", actor, ["10.2"], ["A.8.4"], null, "A note", Encoding.UTF8.GetBytes("{}"),
            NewEvidence.JsonContentType, host.Clock.GetUtcNow()));
        using (var put = await host.SendAsync(HttpMethod.Put, "/api/soa/A.8.4", RegisterHost.Manager, new { applicable = true, status = "Implemented", evidenceIds = new[] { note.Id } }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var before = await GapsAsync(host);
        Assert.False(Item(before, "10.1").GetProperty("covered").GetBoolean());
        Assert.False(Item(before, "10.2").GetProperty("covered").GetBoolean());
        Assert.Equal("ImplementedWithoutEvidence", Item(before, "A.8.4").GetProperty("tier").GetString());

        var recorded = await evidence.RecordAsync(new NewEvidence(EvidenceKind.NonconformityUpdate, "report:NC-1", actor, ["10.2"], ["A.8.4"], null,
            "Corrective action closed", Encoding.UTF8.GetBytes("{}"), NewEvidence.JsonContentType, host.Clock.GetUtcNow()));
        var after = await GapsAsync(host);

        var item = Item(after, "10.2");
        Assert.True(item.GetProperty("covered").GetBoolean());
        Assert.Equal(recorded.Id, item.GetProperty("evidence")[0].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, Item(after, "A.8.4").GetProperty("tier").ValueKind);
        Assert.True(Group(after, "10").GetProperty("covered").GetInt32() > Group(before, "10").GetProperty("covered").GetInt32());
        Assert.True(Group(after, "A.8").GetProperty("percent").GetDouble() > Group(before, "A.8").GetProperty("percent").GetDouble());
        Assert.True(after.GetProperty("overall").GetProperty("percent").GetDouble() > before.GetProperty("overall").GetProperty("percent").GetDouble());
        Assert.DoesNotContain(after.GetProperty("gaps").EnumerateArray(), g => g.GetProperty("id").GetString() == "10.2");
    }

    [Fact]
    public async Task Gaps_come_most_important_first_and_need_an_overseeing_role()
    {
        using var host = new RegisterHost(azurite.ConnectionString);

        var report = await GapsAsync(host);
        using var staff = await host.SendAsync(HttpMethod.Get, "/api/gaps", RegisterHost.Staff);

        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        var tiers = report.GetProperty("gaps").EnumerateArray().Select(g => Enum.Parse<Core.Gaps.GapTier>(g.GetProperty("tier").GetString()!)).ToList();
        Assert.NotEmpty(tiers);
        Assert.Equal(tiers.Order(), tiers);
        Assert.Equal(16, report.GetProperty("groups").GetArrayLength()); // clauses 4-10 and objectives A.2-A.10
        Assert.Equal(32 + 38, report.GetProperty("items").GetArrayLength());
    }

    private static async Task<JsonElement> GapsAsync(RegisterHost host)
    {
        using var response = await host.SendAsync(HttpMethod.Get, "/api/gaps?all=true", RegisterHost.Auditor);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await RegisterHost.JsonAsync(response);
    }

    private static JsonElement Item(JsonElement report, string id) =>
        report.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);

    private static JsonElement Group(JsonElement report, string id) =>
        report.GetProperty("groups").EnumerateArray().Single(i => i.GetProperty("group").GetString() == id);
}
