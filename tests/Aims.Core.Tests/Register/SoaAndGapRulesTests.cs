using Aims.Core.Catalog;
using Aims.Core.Gaps;
using Aims.Core.Soa;

namespace Aims.Core.Tests.Register;

public sealed class SoaAndGapRulesTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private const string EvidenceId = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    [Fact]
    public void A_control_that_is_not_applicable_needs_a_justification()
    {
        var (entry, errors) = StatementOfApplicability.Validate("A.10.4", new SoaEntryInput(false, " ", "NotStarted", null, null, null), Today, Now, "u");

        Assert.Null(entry);
        Assert.Equal(["justification"], errors.Keys);
    }

    [Fact]
    public void A_justified_exclusion_is_valid()
    {
        var (entry, errors) = StatementOfApplicability.Validate("A.10.4", new SoaEntryInput(false, "No customers.", "NotStarted", "oid-1", [EvidenceId, EvidenceId], "2025-05-01"), Today, Now, "u");

        Assert.Empty(errors);
        Assert.False(entry!.Applicable);
        Assert.Equal("No customers.", entry.Justification);
        Assert.Equal([EvidenceId], entry.EvidenceIds);
        Assert.Equal(new DateOnly(2025, 5, 1), entry.LastReviewed);
        Assert.Equal("u", entry.UpdatedBy);
    }

    public static TheoryData<string, string, SoaEntryInput> Invalid => new()
    {
        { "A.1.1", "controlId", new SoaEntryInput(true, null, "Planned", null, null, null) },
        { "A.2.2", "applicable", new SoaEntryInput(null, null, "Planned", null, null, null) },
        { "A.2.2", "status", new SoaEntryInput(true, null, null, null, null, null) },
        { "A.2.2", "status", new SoaEntryInput(true, null, "Done", null, null, null) },
        { "A.2.2", "status", new SoaEntryInput(false, "Not used", "Implemented", null, null, null) },
        { "A.2.2", "evidenceIds", new SoaEntryInput(true, "Used", "Implemented", null, null, null) },
        { "A.2.2", "justification", new SoaEntryInput(true, new string('j', 1001), "Planned", null, null, null) },
        { "A.2.2", "ownerObjectId", new SoaEntryInput(true, null, "Planned", "who?", null, null) },
        { "A.2.2", "evidenceIds[1]", new SoaEntryInput(true, null, "Planned", null, [EvidenceId, "sha256:xyz"], null) },
        { "A.2.2", "lastReviewed", new SoaEntryInput(true, null, "Planned", null, null, "2025-07-01") },
        { "A.2.2", "lastReviewed", new SoaEntryInput(true, null, "Planned", null, null, "yesterday") },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_soa_rule_is_reported_against_its_field(string controlId, string field, SoaEntryInput input)
    {
        var (entry, errors) = StatementOfApplicability.Validate(controlId, input, Today, Now, "u");

        Assert.Null(entry);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void The_complete_soa_lists_all_38_controls_with_defaults()
    {
        var stored = new VersionedSoaEntry(new SoaEntry("A.7.4", true, null, ImplementationStatus.Implemented, null, [], null, null, null), "etag");

        var all = StatementOfApplicability.Complete([stored]);

        Assert.Equal(38, all.Count);
        Assert.Equal(Iso42001Catalog.Controls.Select(c => c.Id), all.Select(e => e.Entry.ControlId));
        Assert.Same(stored, all.Single(e => e.Entry.ControlId == "A.7.4"));
        Assert.All(all.Where(e => e.Entry.ControlId != "A.7.4"), e => Assert.Equal(ImplementationStatus.NotStarted, e.Entry.Status));
    }

    [Theory]
    [InlineData("6.1.2", false, GapTier.CorePlanningOrOperation)]
    [InlineData("8.4", false, GapTier.CorePlanningOrOperation)]
    [InlineData("7.2", false, GapTier.ClauseWithoutEvidence)]
    [InlineData("7.2", true, null)]
    public void Clauses_are_gaps_without_evidence_and_6_and_8_come_first(string id, bool covered, GapTier? tier)
    {
        Assert.Equal(tier, GapAnalyzer.Classify(Iso42001Catalog.Find(id)!, null, covered).Tier);
    }

    [Theory]
    [InlineData(true, ImplementationStatus.NotStarted, false, GapTier.ControlNotImplementedNoEvidence)]
    [InlineData(true, ImplementationStatus.Partially, true, GapTier.ControlNotImplemented)]
    [InlineData(true, ImplementationStatus.Implemented, false, GapTier.ImplementedWithoutEvidence)]
    [InlineData(true, ImplementationStatus.Implemented, true, null)]
    [InlineData(false, ImplementationStatus.NotStarted, false, null)]
    public void Controls_are_classified_by_applicability_status_and_evidence(bool applicable, ImplementationStatus status, bool covered, GapTier? tier)
    {
        var entry = new SoaEntry("A.7.4", applicable, applicable ? null : "n/a", status, null, [], null, null, null);

        Assert.Equal(tier, GapAnalyzer.Classify(Iso42001Catalog.Find("A.7.4")!, entry, covered).Tier);
    }

    [Fact]
    public void Review_period_overrides_apply_per_item()
    {
        var options = new GapOptions { ReviewPeriodDays = 365, ReviewPeriodOverrides = { ["A.6.2.6"] = 90 } };

        Assert.Equal(90, options.PeriodFor("A.6.2.6"));
        Assert.Equal(365, options.PeriodFor("A.6.2.5"));
    }
}
