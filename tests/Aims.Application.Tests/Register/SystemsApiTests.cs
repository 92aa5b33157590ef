using System.Net;
using System.Text.Json;
using Aims.Core.Evidence;
using Aims.Testing;

namespace Aims.Application.Tests.Register;

public sealed class SystemsApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static string UniqueUnit() => "BU " + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Create_get_update_and_retire_with_etags_and_evidence()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var body = RegisterHost.System("Forecaster", UniqueUnit());

        using var created = await host.SendAsync(HttpMethod.Post, "/api/systems", RegisterHost.Manager, body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var system = await RegisterHost.JsonAsync(created);
        var id = system.GetProperty("id").GetString()!;
        Assert.Equal($"/api/systems/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("Development", system.GetProperty("stage").GetString());
        var etag = RegisterHost.ETagOf(created);

        using var got = await host.SendAsync(HttpMethod.Get, $"/api/systems/{id}", RegisterHost.Staff);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal(etag, RegisterHost.ETagOf(got));
        Assert.Equal("Forecaster", (await RegisterHost.JsonAsync(got)).GetProperty("name").GetString());

        body["purpose"] = "Forecasts weekly demand per warehouse";
        using var noIfMatch = await host.SendAsync(HttpMethod.Put, $"/api/systems/{id}", RegisterHost.Manager, body);
        Assert.Equal(HttpStatusCode.PreconditionRequired, noIfMatch.StatusCode);

        host.Clock.Advance(TimeSpan.FromMinutes(1)); // each change at its own time, so newest first is well defined
        using var updated = await host.SendAsync(HttpMethod.Put, $"/api/systems/{id}", RegisterHost.Manager, body, etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var newETag = RegisterHost.ETagOf(updated);
        Assert.NotEqual(etag, newETag);
        Assert.Equal("Forecasts weekly demand per warehouse", (await RegisterHost.JsonAsync(updated)).GetProperty("purpose").GetString());

        body["purpose"] = "Forecasts daily demand";
        using var stale = await host.SendAsync(HttpMethod.Put, $"/api/systems/{id}", RegisterHost.Manager, body, etag);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        host.Clock.Advance(TimeSpan.FromMinutes(1)); // each change at its own time, so newest first is well defined
        using var retired = await host.SendAsync(HttpMethod.Post, $"/api/systems/{id}/retire", RegisterHost.Manager);
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        var retiredJson = await RegisterHost.JsonAsync(retired);
        Assert.True(retiredJson.GetProperty("retired").GetBoolean());
        Assert.Equal("Retirement", retiredJson.GetProperty("stage").GetString());
        Assert.NotEqual(JsonValueKind.Null, retiredJson.GetProperty("retiredAt").ValueKind);

        using var again = await host.SendAsync(HttpMethod.Post, $"/api/systems/{id}/retire", RegisterHost.Manager);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        using var editRetired = await host.SendAsync(HttpMethod.Put, $"/api/systems/{id}", RegisterHost.Manager, body, RegisterHost.ETagOf(again));
        Assert.Equal(HttpStatusCode.Conflict, editRetired.StatusCode);

        var evidence = await host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = $"ai-system:{id}" });
        Assert.Equal(3, evidence.Items.Count); // created, updated, retired (the second retirement records nothing)
        Assert.All(evidence.Items, e =>
        {
            Assert.Equal(EvidenceKind.RegisterChange, e.Kind);
            Assert.Equal(["4.3", "7.1", "8.1"], e.Clauses);
            Assert.Contains("A.4.2", e.Controls);
            Assert.Equal(RegisterHost.Manager, e.Actor.ObjectId);
        });
        using var payload = (await host.Get<IEvidenceStore>().OpenPayloadAsync(evidence.Items[0].Id))!;
        var snapshot = await JsonSerializer.DeserializeAsync<JsonElement>(payload);
        Assert.Equal(id, snapshot.GetProperty("id").GetString());
        Assert.True(snapshot.GetProperty("retired").GetBoolean());
    }

    [Fact]
    public async Task Invalid_input_answers_400_field_by_field()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var body = RegisterHost.System("", UniqueUnit(), stage: "Production");
        body["dataSources"] = new[] { new { name = "x", classification = "TopSecret" } };

        using var response = await host.SendAsync(HttpMethod.Post, "/api/systems", RegisterHost.Manager, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await RegisterHost.JsonAsync(response)).GetProperty("errors");
        Assert.Equal(["dataSources[0].classification", "name", "stage"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Roles_decide_who_reads_creates_and_changes()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var body = RegisterHost.System("Owned by Patti", UniqueUnit(), owner: RegisterHost.Patti);
        var (id, etag) = await host.CreateAsync(body);

        using (var anonymous = await host.SendAsync(HttpMethod.Get, "/api/systems", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var outsider = await host.SendAsync(HttpMethod.Get, $"/api/systems/{id}", RegisterHost.Outsider))
        {
            Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
        }

        using (var staffCreates = await host.SendAsync(HttpMethod.Post, "/api/systems", RegisterHost.Staff, body))
        {
            Assert.Equal(HttpStatusCode.Forbidden, staffCreates.StatusCode);
        }

        body["purpose"] = "Changed by someone else";
        using (var notOwner = await host.SendAsync(HttpMethod.Put, $"/api/systems/{id}", RegisterHost.Megan, body, etag))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notOwner.StatusCode);
        }

        using (var notOwnerRetires = await host.SendAsync(HttpMethod.Post, $"/api/systems/{id}/retire", RegisterHost.Staff))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notOwnerRetires.StatusCode);
        }

        body["purpose"] = "Changed by the owner";
        using var owner = await host.SendAsync(HttpMethod.Put, $"/api/systems/{id}", RegisterHost.Patti, body, etag);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal("Changed by the owner", (await RegisterHost.JsonAsync(owner)).GetProperty("purpose").GetString());

        using var staffExports = await host.SendAsync(HttpMethod.Get, "/api/systems/export", RegisterHost.Staff);
        Assert.Equal(HttpStatusCode.Forbidden, staffExports.StatusCode);
    }

    [Fact]
    public async Task Unknown_systems_answer_404()
    {
        using var host = new RegisterHost(azurite.ConnectionString);

        using var get = await host.SendAsync(HttpMethod.Get, "/api/systems/ais-nothing", RegisterHost.Manager);
        using var put = await host.SendAsync(HttpMethod.Put, "/api/systems/ais-nothing", RegisterHost.Manager, RegisterHost.System("x", "y"), "W/\"x\"");
        using var retire = await host.SendAsync(HttpMethod.Post, "/api/systems/ais-nothing/retire", RegisterHost.Manager);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, retire.StatusCode);
    }

    [Fact]
    public async Task Listing_filters_and_pages()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var unit = UniqueUnit();
        await host.CreateAsync(RegisterHost.System("One", unit, owner: RegisterHost.Patti, stage: "Design", riskClass: "High"));
        await host.CreateAsync(RegisterHost.System("Two", unit, owner: RegisterHost.Patti, stage: "Design", riskClass: "Minimal"));
        await host.CreateAsync(RegisterHost.System("Three", unit, owner: RegisterHost.Megan, stage: "Deployment", riskClass: "Limited"));
        await host.CreateAsync(RegisterHost.System("Four", unit, owner: RegisterHost.Megan, stage: "Concept", riskClass: "Minimal"));
        var (fiveId, _) = await host.CreateAsync(RegisterHost.System("Five", unit, owner: RegisterHost.Megan, stage: "Concept", riskClass: "Minimal"));
        using (await host.SendAsync(HttpMethod.Post, $"/api/systems/{fiveId}/retire", RegisterHost.Manager))
        {
        }

        var bu = Uri.EscapeDataString(unit.ToLowerInvariant());
        Assert.Equal(["Four", "One", "Three", "Two"], await NamesAsync(host, $"/api/systems?businessUnit={bu}"));
        Assert.Equal(["Five", "Four", "One", "Three", "Two"], await NamesAsync(host, $"/api/systems?businessUnit={bu}&includeRetired=true"));
        Assert.Equal(["One", "Two"], await NamesAsync(host, $"/api/systems?businessUnit={bu}&stage=design"));
        Assert.Equal(["One"], await NamesAsync(host, $"/api/systems?businessUnit={bu}&riskClass=High"));
        Assert.Equal(["Four", "Three"], await NamesAsync(host, $"/api/systems?businessUnit={bu}&owner={RegisterHost.Megan}"));

        var pages = 0;
        var names = new List<string>();
        string? token = null;
        do
        {
            var url = $"/api/systems?businessUnit={bu}&includeRetired=true&pageSize=2" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token));
            using var response = await host.SendAsync(HttpMethod.Get, url, RegisterHost.Auditor);
            var json = await RegisterHost.JsonAsync(response);
            var items = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
            Assert.True(items.Count <= 2);
            names.AddRange(items);
            token = json.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null && pages < 20);

        Assert.Null(token);
        Assert.True(pages >= 3);
        Assert.Equal(["Five", "Four", "One", "Three", "Two"], names.Order(StringComparer.Ordinal));

        using var bad = await host.SendAsync(HttpMethod.Get, "/api/systems?stage=Production&pageSize=0", RegisterHost.Manager);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await RegisterHost.JsonAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("stage", out _));
        Assert.True(errors.TryGetProperty("pageSize", out _));
    }

    private static async Task<List<string>> NamesAsync(RegisterHost host, string url)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            using var response = await host.SendAsync(HttpMethod.Get, url + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)), RegisterHost.Staff);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = await RegisterHost.JsonAsync(response);
            names.AddRange(json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
            token = json.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        return [.. names.Order(StringComparer.Ordinal)];
    }
}
