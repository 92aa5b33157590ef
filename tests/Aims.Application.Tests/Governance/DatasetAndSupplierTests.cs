using System.Net;
using Aims.Application.Data;
using Aims.Application.Tests.Reviews;
using Aims.Application.ThirdParties;
using Aims.Core.Evidence;

namespace Aims.Application.Tests.Governance;

/// <summary>The dataset register (A.7) and the supplier and customer register (A.10) through the API, on a dedicated Azurite.</summary>
public sealed class DatasetAndSupplierTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private const string Alex = ReviewHost.Alex;     // AIMS manager
    private const string Megan = ReviewHost.Megan;   // risk owner (a data owner)
    private const string Lynne = ReviewHost.Lynne;   // staff
    private readonly ReviewHost _host;
    private readonly string _system;

    public DatasetAndSupplierTests(DedicatedAzurite azurite)
    {
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 10, 5, 8, 0, 0, TimeSpan.Zero));
        var (status, body) = _host.SendAsync(HttpMethod.Post, "/api/systems", Alex, Register.RegisterHost.System("Scorer " + Guid.NewGuid().ToString("N")[..6], "Lending", owner: Megan)).GetAwaiter().GetResult();
        Assert.Equal(HttpStatusCode.Created, status);
        _system = body.GetProperty("id").GetString()!;
    }

    public void Dispose() => _host.Dispose();

    private object Dataset(string? provenance = "Exported from the loan system", bool? personal = true, string? basis = "Contract", string[]? systems = null, string[]? steps = null) => new
    {
        name = "Loan applications", systemIds = systems ?? [_system], source = "Loan system", licence = "Internal", acquiredOn = "2026-01-15",
        personalData = personal, legalBasis = basis, provenance, preparationSteps = steps ?? ["Pseudonymise ids"], version = "2026.01",
    };

    private async Task<IReadOnlyList<EvidenceItem>> EvidenceAsync(string subject, EvidenceKind kind) =>
        (await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = subject, Kind = kind })).Items;

    [Fact]
    public async Task A_dataset_with_missing_or_wrong_fields_is_refused_field_by_field_and_nothing_is_stored()
    {
        var (status, problem) = await _host.SendAsync(HttpMethod.Post, "/api/datasets", Megan, Dataset(provenance: " ", basis: null, systems: ["no-such-system"]));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["legalBasis", "provenance", "systemIds"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("no-such-system", errors.GetProperty("systemIds")[0].GetString(), StringComparison.Ordinal);
        var (_, list) = await _host.SendAsync(HttpMethod.Get, $"/api/datasets?systemId={_system}", Alex);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Post, "/api/datasets", Lynne, Dataset())).Status);
    }

    [Fact]
    public async Task Every_dataset_change_and_quality_check_is_evidence_under_the_controls_it_shows()
    {
        var (created, dataset) = await _host.SendAsync(HttpMethod.Post, "/api/datasets", Megan, Dataset());
        Assert.Equal(HttpStatusCode.Created, created);
        var id = dataset.GetProperty("id").GetString()!;

        var (badCheck, problem) = await _host.SendAsync(HttpMethod.Post, $"/api/datasets/{id}/quality-checks", Megan, new { check = "Completeness", result = "Great" });
        Assert.Equal(HttpStatusCode.BadRequest, badCheck);
        var (checkedStatus, checkedBody) = await _host.SendAsync(HttpMethod.Post, $"/api/datasets/{id}/quality-checks", Megan, new { check = "Completeness", result = "PassedWithIssues", detail = "98 % of fields present." });
        Assert.Equal(HttpStatusCode.Created, checkedStatus);
        Assert.Equal("2026.01", checkedBody.GetProperty("qualityChecks")[0].GetProperty("datasetVersion").GetString());

        var change = Assert.Single(await EvidenceAsync(DatasetService.Subject(id), EvidenceKind.DatasetChange));
        Assert.Equal(["A.7.2", "A.7.3", "A.7.5", "A.7.6"], change.Controls);
        var check = Assert.Single(await EvidenceAsync(DatasetService.Subject(id), EvidenceKind.DataQualityCheck));
        Assert.Equal(["A.7.4"], check.Controls);
        Assert.Equal(Megan, check.Actor.ObjectId);
        Assert.True(problem.GetProperty("errors").TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Suppliers_are_assessed_customers_are_told_and_only_an_AIMS_manager_keeps_the_register()
    {
        object Party(string relationship, string? told = null) => new
        {
            name = "Model provider", relationship, systemIds = new[] { _system }, provides = "Hosted models",
            responsibilities = new[] { new { party = "Provider", duty = "Hosting" }, new { party = "Contoso", duty = "Oversight" } }, customerInformation = told,
        };

        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Post, "/api/third-parties", Megan, Party("Supplier"))).Status);
        var (bad, problem) = await _host.SendAsync(HttpMethod.Post, "/api/third-parties", Alex, Party("Supplier", told: "We use AI"));
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.True(problem.GetProperty("errors").TryGetProperty("customerInformation", out _));

        var (_, supplier) = await _host.SendAsync(HttpMethod.Post, "/api/third-parties", Alex, Party("Supplier"));
        var supplierId = supplier.GetProperty("id").GetString()!;
        var (assessed, _) = await _host.SendAsync(HttpMethod.Post, $"/api/third-parties/{supplierId}/assessments", Alex, new { outcome = "ConditionsApply", summary = "Deletion clause missing." });
        Assert.Equal(HttpStatusCode.Created, assessed);
        Assert.Equal(["A.10.3"], Assert.Single(await EvidenceAsync(ThirdPartyService.Subject(supplierId), EvidenceKind.SupplierAssessment)).Controls);
        Assert.Equal(["A.10.2"], Assert.Single(await EvidenceAsync(ThirdPartyService.Subject(supplierId), EvidenceKind.ThirdPartyChange)).Controls);

        var (_, customer) = await _host.SendAsync(HttpMethod.Post, "/api/third-parties", Alex, Party("Customer", told: "Scores are produced by a model; an analyst reviews every decline."));
        var customerId = customer.GetProperty("id").GetString()!;
        var (notAssessed, refusal) = await _host.SendAsync(HttpMethod.Post, $"/api/third-parties/{customerId}/assessments", Alex, new { outcome = "Satisfactory", summary = "Fine." });
        Assert.Equal(HttpStatusCode.BadRequest, notAssessed);
        Assert.Contains("only suppliers", refusal.GetProperty("errors").GetProperty("outcome")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(["A.10.2", "A.10.4"], Assert.Single(await EvidenceAsync(ThirdPartyService.Subject(customerId), EvidenceKind.ThirdPartyChange)).Controls);
    }
}
