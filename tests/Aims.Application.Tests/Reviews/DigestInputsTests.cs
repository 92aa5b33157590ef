using Aims.Application.Reviews;
using Aims.Application.Tests.Cards;
using Aims.Core.Records;
using Aims.Core.Reviews;
using Aims.Core.Register;
using Aims.Core.Risks;
using Aims.Core.Soa;
using Aims.Core.ThirdParties;
using Aims.Teams.Cards;

namespace Aims.Application.Tests.Reviews;

/// <summary>
/// The digest's inputs beyond risks and reports (9.3.2 d): where each AI system's impact assessment stands, the SoA changes
/// top management has not approved, and the supplier reviews since the last review, from the real stores on Azurite.
/// </summary>
public sealed class DigestInputsTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly ReviewHost _host;

    public DigestInputsTests(DedicatedAzurite azurite) => _host = new ReviewHost(azurite.ConnectionString, Start);

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task The_digest_shows_impact_assessment_status_unapproved_soa_changes_and_supplier_results_since_the_last_review()
    {
        var missing = await _host.SystemAsync("Loan scoring", ReviewHost.Alex, LifecycleStage.Design);
        var lapsed = await _host.SystemAsync("CV screening", ReviewHost.Alex, LifecycleStage.OperationAndMonitoring);
        var current = await _host.SystemAsync("Chat assistant", ReviewHost.Alex, LifecycleStage.OperationAndMonitoring);
        var assessments = _host.Get<IImpactAssessmentStore>();
        await assessments.CreateAsync(Approved("IA-1", lapsed, review: new DateOnly(2026, 8, 1)));
        await assessments.CreateAsync(Approved("IA-2", current, review: new DateOnly(2027, 8, 1)));
        await assessments.CreateAsync(Approved("IA-3", missing, review: new DateOnly(2027, 8, 1)) with { State = AssessmentState.Submitted, DecidedAt = null });

        // A supplier assessed before the previous review, and two after it.
        var parties = _host.Get<IRecordStore<ThirdParty>>();
        await parties.TryAddAsync("TP-1", Party("TP-1", "Model vendor", new SupplierAssessment(AssessmentOutcome.Satisfactory, "Annual review", ReviewHost.Alex, "Alex Wilber", Start.AddDays(-30))));
        var digests = _host.Get<DigestBuilder>();
        var archive = _host.Get<IDigestArchive>();
        await archive.SaveAsync(await digests.BuildAsync("Alex Wilber") with { DeliveredToTopManagement = 1 });
        _host.Clock.Advance(TimeSpan.FromDays(30));
        await parties.TryAddAsync("TP-2", Party("TP-2", "Labelling service",
            new SupplierAssessment(AssessmentOutcome.Satisfactory, "Spot check passed", ReviewHost.Alex, "Alex Wilber", _host.Clock.GetUtcNow().AddDays(-5)),
            new SupplierAssessment(AssessmentOutcome.Unsatisfactory, "Labels not audited", ReviewHost.Alex, "Alex Wilber", _host.Clock.GetUtcNow().AddDays(-2))));

        // A live SoA edit, no version approved yet.
        await _host.Get<ISoaStore>().SaveAsync(SoaEntry.Default("A.6.2.4") with { Status = ImplementationStatus.Implemented, Justification = "Verification before release" }, null);

        var digest = await digests.BuildAsync("Alex Wilber");

        var ia = digest.ImpactAssessments!;
        Assert.Equal("3 AI systems in scope: 1 with a current approved assessment, 1 past their review, 1 without an approved assessment, 1 awaiting a decision.", ia[0]);
        Assert.Equal($"{missing} Loan scoring: no approved impact assessment (one awaits its decision)", ia[1]);
        Assert.Equal($"{lapsed} CV screening: IA-1 is no longer current: its review date 2026-08-01 has passed", ia[2]);
        Assert.Equal(3, ia.Count);

        var soa = digest.SoaChanges!;
        Assert.Equal("1 control changed against no approved version yet.", soa[0]);
        Assert.StartsWith("A.6.2.4: status ", soa[1], StringComparison.Ordinal);
        Assert.Contains("-> Implemented; justification changed", soa[1], StringComparison.Ordinal);

        // Only what was assessed since the previous review, the unsatisfactory result first.
        Assert.Equal(
            ["Labelling service (Supplier): unsatisfactory on 2026-09-29 by Alex Wilber: Labels not audited",
             "Labelling service (Supplier): satisfactory on 2026-09-26 by Alex Wilber: Spot check passed"],
            digest.SupplierReviews);

        var card = ManagementReviewDigestCard.Build(digest, RiskMatrix.Default, [], [], id => id, Aims.Application.Workspace.WorkspaceLinks.None, true).ToJson();
        Assert.Contains("1 past their review", card, StringComparison.Ordinal);
        Assert.Contains("1 control changed against no approved version yet.", card, StringComparison.Ordinal);
        Assert.Contains("Labels not audited", card, StringComparison.Ordinal);
        var sections = DigestSections.Of(digest, id => id);
        Assert.Equal(ia, Assert.Single(sections, s => s.Title.StartsWith("Impact assessments", StringComparison.Ordinal)).Lines);
    }

    private ImpactAssessment Approved(string id, string system, DateOnly review) => new()
    {
        Id = id,
        AiSystemId = system,
        Title = "Impact of " + system,
        State = AssessmentState.Approved,
        ReviewDate = review,
        DecidedAt = Start.AddDays(-60),
        DecidedBy = ReviewHost.Adele,
        CreatedAt = Start.AddDays(-90),
    };

    private static ThirdParty Party(string id, string name, params SupplierAssessment[] assessments) => new()
    {
        Id = id,
        Name = name,
        Relationship = ThirdPartyRelationship.Supplier,
        SystemIds = [],
        Provides = "Services",
        Assessments = assessments,
    };
}
