using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Aims.Application.Demo;
using Aims.Application.Register;
using Aims.Application.Tests.Reviews;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Soa;

namespace Aims.Application.Tests.Evidence;

/// <summary>
/// Every register an auditor asks for at Stage 1 is in the pack, as CSV and JSON with the evidence behind each row; the SoA is
/// the approved snapshot, not live edits; each AI system has a dossier; user text is escaped in every page.
/// </summary>
public sealed class AuditPackRegisterTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private const string HostileName = "<img src=x onerror=alert(1)> Credit scorer";
    private static readonly Actor Manager = new(ReviewHost.Alex, "Alex Wilber");
    private readonly ReviewHost _host;
    private readonly Lazy<ZipArchive> _pack;

    private static readonly string[] Registers =
    [
        "registers/ai-systems/systems", "registers/soa/approved", "registers/soa/versions", "registers/soa/live", "registers/risks/criteria",
        "registers/risks/risks", "registers/impact-assessments/assessments", "registers/context/scope", "registers/context/issues",
        "registers/context/interested-parties", "registers/objectives/objectives", "registers/objectives/measurements", "registers/documents/documents",
        "registers/documents/versions", "registers/training/campaigns", "registers/training/records", "registers/internal-audits/audits",
        "registers/internal-audits/findings", "registers/management-reviews/outcomes", "registers/review-cycles/tasks", "registers/nonconformities/reports",
        "registers/ai-systems/gates", "registers/data/datasets", "registers/data/quality-checks", "registers/third-parties/third-parties", "registers/third-parties/assessments",
    ];

    /// <summary>Registers the demo organisation has no rows in yet (no review held, no audit done, no assessment started, nothing reported).</summary>
    private static readonly HashSet<string> MayBeEmpty =
        ["registers/review-cycles/tasks", "registers/internal-audits/findings", "registers/management-reviews/outcomes", "registers/impact-assessments/assessments", "registers/nonconformities/reports"];

    public AuditPackRegisterTests(DedicatedAzurite azurite)
    {
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        _host.Get<DemoSeeder>().SeedAsync(CancellationToken.None).GetAwaiter().GetResult();
        _pack = new Lazy<ZipArchive>(() => PrepareAndExportAsync().GetAwaiter().GetResult());
    }

    public void Dispose()
    {
        if (_pack.IsValueCreated) _pack.Value.Dispose();
        _host.Dispose();
    }

    /// <summary>Approves the SoA, then edits it live; adds a system with a hostile name; then exports.</summary>
    private async Task<ZipArchive> PrepareAndExportAsync()
    {
        var soa = _host.Get<SoaService>();
        await soa.ApproveAsync(new Actor(ReviewHost.Adele, "Adele Vance"), CancellationToken.None);
        var store = _host.Get<ISoaStore>();
        var entry = (await soa.GetAllAsync(CancellationToken.None)).Single(e => e.Entry.ControlId == "A.2.2");
        await store.SaveAsync(entry.Entry with { Justification = "Live edit after approval" }, entry.ETag, CancellationToken.None);

        var (status, body) = await _host.SendAsync(HttpMethod.Post, "/api/risks/R-1/decisions", ReviewHost.Alex, new { outcome = "Approved", comment = "Treatment is proportionate" });
        Assert.True(status == HttpStatusCode.OK, body.ToString());

        var objective = (await _host.Get<Aims.Application.Objectives.ObjectiveService>().Store.ListAsync().FirstAsync(o => o.Value.Source == Aims.Core.Objectives.MeasurementSource.Manual)).Value;
        (status, body) = await _host.SendAsync(HttpMethod.Post, $"/api/objectives/{objective.Id}/measurements", ReviewHost.Alex, new { value = 4.0, note = "Quarterly survey" });
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, body.ToString());

        var template = (await _host.Get<IAiSystemRegistry>().ListEverySystemAsync().FirstAsync()).Details;
        await _host.Get<RegisterService>().CreateAsync(template with { Name = HostileName, LinkedRiskIds = [] }, Manager, "AIS-HOSTILE", CancellationToken.None);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/audit-pack", UriKind.Relative));
        request.Headers.Add("X-Aims-User", ReviewHost.Isaiah);
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
    }

    private string Text(string path)
    {
        var entry = _pack.Value.GetEntry(path) ?? throw new Xunit.Sdk.XunitException($"{path} is not in the pack");
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private JsonElement Json(string register) => JsonDocument.Parse(Text(register + ".json")).RootElement;

    private static string Hex(string evidenceId) => evidenceId["sha256:".Length..];

    [Fact]
    public void Every_register_is_there_as_csv_and_json_with_the_same_rows_and_listed_on_the_index()
    {
        var index = Text("index.html");
        foreach (var register in Registers)
        {
            var rows = Json(register).GetArrayLength();
            var csvLines = Text(register + ".csv").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(csvLines[0].EndsWith("evidence_ids", StringComparison.Ordinal), register);
            Assert.Contains($"href=\"{register}.csv\"", index, StringComparison.Ordinal);
            Assert.Contains($"href=\"{register}.json\"", index, StringComparison.Ordinal);
            if (!MayBeEmpty.Contains(register))
            {
                Assert.True(rows > 0, $"{register} is empty for the demo organisation");
            }

            // CSV lines can be longer than one physical line when a cell holds a line break; the demo's do not.
            Assert.Equal(rows, csvLines.Length - 1);
        }
    }

    [Fact]
    public void Every_evidence_id_a_register_names_is_an_envelope_in_the_pack()
    {
        var named = 0;
        foreach (var register in Registers)
        {
            foreach (var row in Json(register).EnumerateArray())
            {
                foreach (var id in row.GetProperty("evidence_ids").EnumerateArray().Select(e => e.GetString()!))
                {
                    Assert.NotNull(_pack.Value.GetEntry($"evidence/envelopes/{Hex(id)}.json"));
                    named++;
                }
            }
        }

        Assert.True(named > 50, $"only {named} evidence links");
        // A risk decided through the workflow is traced to its decision record (the demo's seeded histories carry none, and show none).
        var decided = Json("registers/risks/risks").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "R-1");
        Assert.Equal("Approved", decided.GetProperty("state").GetString());
        var ids = decided.GetProperty("evidence_ids").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(ids, id => Text($"evidence/envelopes/{Hex(id)}.json").Contains("\"kind\":\"risk-decision\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_recorded_measurement_is_traced_to_its_evidence()
    {
        var row = Assert.Single(Json("registers/objectives/measurements").EnumerateArray());
        Assert.Equal("4", row.GetProperty("value").GetString());
        var id = Assert.Single(row.GetProperty("evidence_ids").EnumerateArray()).GetString()!;
        Assert.Contains("\"kind\":\"objective-measurement\"", Text($"evidence/envelopes/{Hex(id)}.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_soa_in_the_pack_is_the_approved_snapshot_and_live_edits_are_kept_apart()
    {
        var approved = Json("registers/soa/approved").EnumerateArray().Single(r => r.GetProperty("control_id").GetString() == "A.2.2");
        var live = Json("registers/soa/live").EnumerateArray().Single(r => r.GetProperty("control_id").GetString() == "A.2.2");
        Assert.NotEqual("Live edit after approval", approved.GetProperty("justification").GetString());
        Assert.Equal("Live edit after approval", live.GetProperty("justification").GetString());
        Assert.Equal(38, Json("registers/soa/approved").GetArrayLength());
        var version = Json("registers/soa/versions").EnumerateArray().Last();
        var versionEvidence = version.GetProperty("evidence_ids")[0].GetString()!;
        Assert.Equal(versionEvidence, approved.GetProperty("evidence_ids")[0].GetString());
        Assert.Contains($"Version {version.GetProperty("version").GetString()}, approved", Text("index.html"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_index_states_scope_policy_soa_and_risk_criteria()
    {
        var index = Text("index.html");
        foreach (var label in new[] { "Scope of the AIMS", "AI policy", "Statement of Applicability", "Risk criteria" })
        {
            Assert.Contains($"<dt>{label}</dt>", index, StringComparison.Ordinal);
        }

        Assert.Equal(25, Json("registers/risks/criteria").GetArrayLength());
        Assert.DoesNotContain("No AI policy document", index, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_ai_system_has_a_dossier_with_its_risks_and_user_text_is_escaped()
    {
        var systems = Json("registers/ai-systems/systems").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        var risks = Json("registers/risks/risks").EnumerateArray().ToList();
        var index = Text("index.html");
        foreach (var id in systems)
        {
            var path = AiSystemDossierSection.PathOf(id);
            var page = Text(path);
            Assert.Contains($"href=\"{path}\"", index, StringComparison.Ordinal);
            foreach (var risk in risks.Where(r => r.GetProperty("ai_system_id").GetString() == id))
            {
                Assert.Contains($"<td>{WebUtility.HtmlEncode(risk.GetProperty("id").GetString())}</td>", page, StringComparison.Ordinal);
            }
        }

        // The life cycle, data and supplier records of a system are on its page too.
        var credit = Text(AiSystemDossierSection.PathOf("demo-credit-scoring"));
        Assert.Contains("Loan applications 2019-2025", credit, StringComparison.Ordinal);
        Assert.Contains("Northwind Credit Bureau", credit, StringComparison.Ordinal);
        Assert.Contains("<td>VerificationReport</td>", credit, StringComparison.Ordinal);
        Assert.Contains("<h2>Incident communications</h2>", credit, StringComparison.Ordinal);
        Assert.Contains("Affected applicants (14) and the Financial supervisor", credit, StringComparison.Ordinal);
        var told = Assert.Single(Json("registers/incidents/communications").EnumerateArray());
        Assert.Equal("demo-credit-scoring", told.GetProperty("system_id").GetString());
        Assert.NotEmpty(told.GetProperty("evidence_ids").EnumerateArray());
        var cv = Text(AiSystemDossierSection.PathOf("demo-cv-screening"));
        Assert.Contains("<td>Design to Development</td><td>Approved</td>", cv, StringComparison.Ordinal);

        var hostile = Text(AiSystemDossierSection.PathOf("AIS-HOSTILE"));
        Assert.DoesNotContain("<img", hostile, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(WebUtility.HtmlEncode(HostileName), hostile, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", index, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(HostileName, Json("registers/ai-systems/systems").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }
}
