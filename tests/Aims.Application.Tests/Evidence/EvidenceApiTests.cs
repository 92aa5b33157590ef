using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aims.Application.Evidence;
using Aims.Application.Jobs;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Evidence;

/// <summary>The evidence API, ledger verification and the audit pack, against Azurite, in a ledger of their own.</summary>
public sealed class EvidenceApiTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Auditor = "00000000-0000-0000-0000-0000000000023";
    private const string Staff = "00000000-0000-0000-0000-0000000000025";
    private readonly DevHostFactory _host;
    private readonly HttpClient _client;

    public EvidenceApiTests(AzuriteFixture azurite)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        _host = new DevHostFactory(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Evidence:Container"] = "ev" + suffix,
            ["Evidence:LedgerTable"] = "ledger" + suffix,
            ["Evidence:IndexTable"] = "index" + suffix,
        });
        _client = _host.CreateClient();
    }

    private IEvidenceStore Store => _host.Services.GetRequiredService<IEvidenceStore>();

    private Task<EvidenceItem> RecordAsync(string subject, string[] clauses, string[] controls, object payload) =>
        Store.RecordAsync(NewEvidence.FromJson(EvidenceKind.RiskDecision, subject, new Actor(Auditor, "Isaiah Langer"), clauses, controls, "corr-1", $"Decision on {subject}", payload));

    private HttpRequestMessage Get(string path, string? user)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (user is not null)
        {
            request.Headers.Add("X-Aims-User", user);
        }

        return request;
    }

    [Fact]
    public async Task Reading_evidence_needs_a_signed_in_caller_with_an_aims_role()
    {
        using var anonymous = await _client.SendAsync(Get("/api/evidence", null));
        using var staff = await _client.SendAsync(Get("/api/evidence", Staff));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
    }

    [Fact]
    public async Task Lists_by_clause_and_control_gets_one_item_and_its_payload()
    {
        var a = await RecordAsync("risk:R-1", ["6.1.3"], ["A.5.2"], new { decision = "approved" });
        await RecordAsync("risk:R-2", ["8.2"], ["A.6.2.6"], new { decision = "rejected" });

        var byClause = await (await _client.SendAsync(Get("/api/evidence?clause=6.1.3", Auditor))).Content.ReadFromJsonAsync<JsonElement>();
        var byControl = await (await _client.SendAsync(Get("/api/evidence?control=A.6.2.6", Auditor))).Content.ReadFromJsonAsync<JsonElement>();
        using var one = await _client.SendAsync(Get($"/api/evidence/{Uri.EscapeDataString(a.Id)}", Auditor));
        using var payload = await _client.SendAsync(Get($"/api/evidence/{Uri.EscapeDataString(a.Id)}/payload", Auditor));
        using var missing = await _client.SendAsync(Get("/api/evidence/sha256:" + new string('0', 64), Auditor));

        Assert.Equal(["risk:R-1"], byClause.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()));
        Assert.Equal(["risk:R-2"], byControl.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("subject").GetString()));
        Assert.Equal(a.Id, (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal("{\"decision\":\"approved\"}", await payload.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Bad_query_values_get_400_field_by_field()
    {
        using var response = await _client.SendAsync(Get("/api/evidence?pageSize=0&from=yesterday&kind=Not%20A%20Kind", Auditor));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("pageSize", out _));
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.True(errors.TryGetProperty("kind", out _));
    }

    [Fact]
    public async Task Verify_reports_an_intact_ledger_with_its_root_hash()
    {
        await RecordAsync("risk:R-3", ["6.1.2"], [], new { x = 1 });
        var head = await Store.GetRootHashAsync();

        var result = await (await _client.SendAsync(Get("/api/evidence/verify", Auditor))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(result.GetProperty("isIntact").GetBoolean());
        Assert.Equal(head.RootHash, result.GetProperty("rootHash").GetString());
        Assert.Equal(1, result.GetProperty("entryCount").GetInt64());
    }

    [Fact]
    public async Task The_audit_pack_indexes_exactly_what_was_recorded()
    {
        var recorded = new List<EvidenceItem>
        {
            await RecordAsync("risk:R-10", ["6.1.3", "8.3"], ["A.5.2"], new { n = 1 }),
            await RecordAsync("=HYPERLINK(\"http://evil\")", ["7.2"], ["A.4.6"], new { n = 2 }),
            await RecordAsync("system:../../etc/passwd", ["4.3"], [], new { n = 3 }),
        };

        using var response = await _client.SendAsync(Get("/api/audit-pack", Auditor));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));

        var index = Read(zip, "evidence/index.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,kind,subject,recorded_at,actor_object_id,actor_name,clauses,controls,correlation_id,summary,payload_sha256,payload_file", index[0].TrimEnd('\r'));
        Assert.Equal(recorded.Select(r => r.Id), index.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains(index, l => l.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", StringComparison.Ordinal));
        foreach (var item in recorded)
        {
            var payload = Read(zip, "evidence/payloads/" + AuditPackNames.PayloadFileName(item));
            Assert.Equal("{\"n\":" + (recorded.IndexOf(item) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", payload);
        }

        var html = Read(zip, "evidence/index.html");
        Assert.Contains("<h3 id=\"6.1.3\">6.1.3</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"A.4.6\">A.4.6</h3>", html, StringComparison.Ordinal);
        Assert.Contains("=HYPERLINK(&quot;http://evil&quot;)", html, StringComparison.Ordinal);
        Assert.Equal(4, Read(zip, "ledger/ledger.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var verification = JsonDocument.Parse(Read(zip, "ledger/verification.json")).RootElement;
        Assert.True(verification.GetProperty("isIntact").GetBoolean());
        Assert.Equal((await Store.GetRootHashAsync()).RootHash, verification.GetProperty("rootHash").GetString());
        Assert.All(zip.Entries, e => Assert.DoesNotContain("..", e.FullName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_audit_pack_bot_job_answers_with_a_working_download_link()
    {
        await RecordAsync("risk:R-20", ["9.2"], [], new { n = 20 });
        var job = _host.Services.GetServices<IBotJob>().Single(j => j.Kind == AuditPackJob.JobKind);

        var card = (await job.RunAsync(new BotJob(AuditPackJob.JobKind, Auditor, "req-1"), CancellationToken.None)).Card;

        var url = JsonDocument.Parse(card.ToJson()).RootElement.GetProperty("actions")[0].GetProperty("url").GetString()!;
        Assert.Contains("sig=", url, StringComparison.Ordinal);
        using var http = new HttpClient();
        using var zip = new ZipArchive(new MemoryStream(await http.GetByteArrayAsync(new Uri(url))));
        Assert.Contains(zip.Entries, e => e.FullName == "evidence/index.csv");
    }

    private static string Read(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path) ?? throw new Xunit.Sdk.XunitException($"{path} is not in the pack: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }
}
