using System.Net;
using Aims.Application.Incidents;
using Aims.Application.Tests.Reviews;
using Aims.Core.Evidence;

namespace Aims.Application.Tests.Governance;

/// <summary>Incident communication records (A.8.4) through the API, on a dedicated Azurite.</summary>
public sealed class IncidentCommunicationTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private const string Alex = ReviewHost.Alex;     // AIMS manager
    private const string Megan = ReviewHost.Megan;   // risk owner, the system's owner
    private const string Patti = ReviewHost.Patti;   // risk owner, not the owner
    private const string Lynne = ReviewHost.Lynne;   // staff
    private readonly ReviewHost _host;
    private readonly string _system;

    public IncidentCommunicationTests(DedicatedAzurite azurite)
    {
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 10, 5, 8, 0, 0, TimeSpan.Zero));
        var (status, body) = _host.SendAsync(HttpMethod.Post, "/api/systems", Alex, Register.RegisterHost.System("Told " + Guid.NewGuid().ToString("N")[..6], "Lending", owner: Megan)).GetAwaiter().GetResult();
        Assert.Equal(HttpStatusCode.Created, status);
        _system = body.GetProperty("id").GetString()!;
    }

    public void Dispose() => _host.Dispose();

    private static object Communication(string? audience = "Affected applicants", string? at = "2026-10-04T15:00:00Z", string? reportId = null, string? message = "Your score was recomputed.") => new
    {
        incident = "Scores computed from an incomplete extract", reportId, audience, communicatedAt = at, channel = "Letter", message, communicatedBy = "Customer care",
    };

    private string Path => $"/api/systems/{_system}/incident-communications";

    [Fact]
    public async Task A_communication_missing_fields_naming_an_unknown_report_or_in_the_future_is_refused_field_by_field_and_nothing_is_stored()
    {
        var (status, problem) = await _host.SendAsync(HttpMethod.Post, Path, Alex, Communication(audience: " ", at: "2026-10-06T08:00:00Z", reportId: "NC-999", message: null));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["audience", "communicatedAt", "message", "reportId"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("NC-999", problem.GetProperty("errors").GetProperty("reportId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Post, Path, Lynne, Communication())).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Post, Path, Patti, Communication())).Status);   // neither the owner nor an AIMS manager
        Assert.Equal(HttpStatusCode.NotFound, (await _host.SendAsync(HttpMethod.Post, "/api/systems/no-such-system/incident-communications", Alex, Communication())).Status);
        var (_, list) = await _host.SendAsync(HttpMethod.Get, Path, Alex);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_owner_records_a_communication_linked_to_the_systems_report_it_is_listed_newest_first_and_is_A_8_4_evidence()
    {
        var reportId = (await _host.Get<Reports.ReportService>().SubmitAsync(new Core.Identity.Actor(Lynne, "Lynne Robbins"), "Wrong scores", "Declined with stale data",
            Core.Reports.ReportKind.Incident, _system, anonymous: false, CancellationToken.None)).Report.Id;

        var (created, first) = await _host.SendAsync(HttpMethod.Post, Path, Megan, Communication(reportId: reportId));
        Assert.Equal(HttpStatusCode.Created, created);
        var (_, second) = await _host.SendAsync(HttpMethod.Post, Path, Alex, Communication(audience: "Financial supervisor", at: "2026-10-05T07:00:00Z"));

        var (_, list) = await _host.SendAsync(HttpMethod.Get, Path, Alex);
        Assert.Equal([second.GetProperty("id").GetString(), first.GetProperty("id").GetString()], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(reportId, first.GetProperty("reportId").GetString());
        Assert.Equal(Megan, first.GetProperty("recordedBy").GetString());

        var id = first.GetProperty("id").GetString()!;
        var evidence = Assert.Single((await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = IncidentCommunicationService.Subject(id), Kind = EvidenceKind.IncidentCommunication })).Items);
        Assert.Equal(["A.8.4"], evidence.Controls);
        Assert.Equal(Megan, evidence.Actor.ObjectId);
        Assert.Contains("Affected applicants", evidence.Summary, StringComparison.Ordinal);
        Assert.True(Core.Gaps.CoverageRules.For("A.8.4").IsSatisfiedBy(evidence));
    }
}
