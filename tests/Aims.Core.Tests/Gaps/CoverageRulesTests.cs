using Aims.Core.Catalog;
using Aims.Core.Evidence;
using Aims.Core.Gaps;
using Aims.Core.Identity;

namespace Aims.Core.Tests.Gaps;

public sealed class CoverageRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Person = new("00000000-0000-0000-0000-0000000000021", "Megan Bowen");

    private static EvidenceItem Item(EvidenceKind kind, string subject, string[] clauses, string[] controls, Actor? actor = null) =>
        new("ev-" + Guid.NewGuid().ToString("N"), kind, subject, actor ?? Person, At, clauses, controls, null, "application/json", new string('0', 64), 2, "test");

    private static bool Covers(string itemId, EvidenceItem item) => CoverageRules.For(itemId).IsSatisfiedBy(item);

    [Fact]
    public void There_is_exactly_one_rule_per_assessable_clause_item_and_control_in_catalog_order()
    {
        var expected = Iso42001Catalog.AssessableClauses.Concat(Iso42001Catalog.Controls).Select(i => i.Id).ToList();
        Assert.Equal(expected, CoverageRules.All.Select(r => r.ItemId));
        Assert.Equal(32 + 38, CoverageRules.All.Count);
        Assert.All(CoverageRules.All, r =>
        {
            Assert.NotEmpty(r.SatisfiedBy);
            Assert.Equal(r.ItemId, r.Tags[0]);
            Assert.False(string.IsNullOrWhiteSpace(r.WouldSatisfy));
        });
    }

    [Fact]
    public void No_automatic_or_preparatory_kind_is_an_operating_record()
    {
        var accepted = CoverageRules.Records.Select(r => r.Kind).ToHashSet();
        Assert.DoesNotContain(CoverageRules.NeverSufficient, accepted.Contains);
        foreach (var kind in CoverageRules.NeverSufficient)
        {
            var everything = Item(kind, "x:1", [.. Iso42001Catalog.AssessableClauses.Select(c => c.Id)], [.. Iso42001Catalog.Controls.Select(c => c.Id)]);
            Assert.DoesNotContain(CoverageRules.All, r => r.IsSatisfiedBy(everything));
        }
    }

    [Fact]
    public void What_the_AIMS_records_by_itself_never_covers_anything_even_with_an_operating_kind()
    {
        foreach (var record in CoverageRules.Records)
        {
            var subject = (record.SubjectPrefix ?? "x:") + "1";
            var all = Item(record.Kind, subject, [.. Iso42001Catalog.AssessableClauses.Select(c => c.Id)], [.. Iso42001Catalog.Controls.Select(c => c.Id)], Actor.System);
            Assert.DoesNotContain(CoverageRules.All, r => r.IsSatisfiedBy(all));
        }
    }

    [Fact]
    public void The_inflations_an_auditor_found_no_longer_cover()
    {
        // A digest tagged with the 9.3 heading and 9.3.2 covers neither the inputs nor the results of a review.
        var digest = Item(EvidenceKind.ManagementReviewDigest, "management-review:MR-1", ["9.3", "9.3.2"], []);
        Assert.False(Covers("9.3.2", digest));
        Assert.False(Covers("9.3.3", digest));

        // Setting an AI system's stage is a field, not a deployment gate.
        var stage = Item(EvidenceKind.RegisterChange, "ai-system:demo", ["8.1"], ["A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5"]);
        Assert.DoesNotContain(CoverageRules.All, r => r.IsSatisfiedBy(stage));

        // Reminders, launches and notifications are not competence, communication or monitoring.
        Assert.False(Covers("7.4", Item(EvidenceKind.Notification, "notification:n1", ["7.4"], [])));
        Assert.False(Covers("7.2", Item(EvidenceKind.TrainingCampaign, "training:c1", ["7.2", "7.3"], ["A.4.6"])));
        Assert.False(Covers("9.1", Item(EvidenceKind.Notification, "review-cycle:c1", ["9.1"], [])));

        // The daily role snapshot is the AIMS's own record.
        Assert.False(Covers("5.3", Item(EvidenceKind.RoleSnapshot, "roles:snapshot", ["5.3"], ["A.3.2"], Actor.System)));

        // A procedure uploaded and approved with a data control tag shows intent, not that data quality is managed.
        Assert.False(Covers("A.7.4", Item(EvidenceKind.DocumentDecision, "document:DOC-9", ["7.5.2"], ["A.7.4"])));
        Assert.False(Covers("A.7.4", Item(EvidenceKind.UploadedDocument, "document:DOC-9", ["7.5.2"], ["A.7.4"])));

        // A draft impact assessment is work in progress; only its approval completes 6.1.4.
        Assert.False(Covers("6.1.4", Item(EvidenceKind.ImpactAssessment, "impact-assessment:IA-1", ["6.1.4", "8.4"], ["A.5.2"])));

        // A nonconformity found by an audit does not show the control operating.
        Assert.False(Covers("A.6.2.4", Item(EvidenceKind.AuditNonconformity, "internal-audit:IA-1", ["9.2"], ["A.6.2.4"])));
    }

    [Fact]
    public void Operating_records_cover_what_they_record_and_only_where_tagged()
    {
        Assert.True(Covers("9.3.3", Item(EvidenceKind.ManagementReviewRecord, "management-review:MR-1", ["5.1", "9.3", "9.3.1", "9.3.2", "9.3.3"], [])));
        Assert.True(Covers("9.3.1", Item(EvidenceKind.ManagementReviewRecord, "management-review:MR-1", ["5.1", "9.3", "9.3.1", "9.3.2", "9.3.3"], [])));
        // A decision or an acknowledgement pressed on the digest is a response, not the record of a review held.
        Assert.False(Covers("9.3.3", Item(EvidenceKind.ReviewOutcome, "management-review:MR-1", ["5.1", "9.3", "9.3.3"], [])));
        Assert.False(Covers("9.3.1", Item(EvidenceKind.ReviewOutcome, "management-review:MR-1", ["5.1", "9.3", "9.3.3"], [])));
        Assert.False(Covers("9.3.3", Item(EvidenceKind.ReviewOutcome, "management-review:opportunities", ["9.3.2", "10.1"], [])));
        Assert.True(Covers("10.1", Item(EvidenceKind.ReviewOutcome, "management-review:opportunities", ["9.3.2", "10.1"], [])));
        Assert.True(Covers("6.1.3", Item(EvidenceKind.RiskDecision, "risk:R-1", ["6.1.2", "6.1.3", "8.2", "8.3"], ["A.8.2"])));
        // A risk decision names the risk's treatment controls, but deciding a risk does not operate A.8.2.
        Assert.False(Covers("A.8.2", Item(EvidenceKind.RiskDecision, "risk:R-1", ["6.1.2", "6.1.3", "8.2", "8.3"], ["A.8.2"])));
        Assert.True(Covers("A.7.4", Item(EvidenceKind.AuditFinding, "internal-audit:IA-1", ["9.2", "9.2.2"], ["A.7.4"])));
        Assert.False(Covers("A.7.5", Item(EvidenceKind.AuditFinding, "internal-audit:IA-1", ["9.2", "9.2.2"], ["A.7.4"])));
        Assert.True(Covers("A.7.4", Item(EvidenceKind.ReviewOutcome, "review-cycle:data-quality", [], ["A.7.4"])));
        Assert.True(Covers("7.2", Item(EvidenceKind.Attestation, "training:c1:oid", ["7.2", "7.3"], ["A.4.6"])));
        Assert.True(Covers("6.1.4", Item(EvidenceKind.ImpactAssessmentApproval, "impact-assessment:IA-1", ["6.1.4", "8.4"], ["A.5.2"])));
    }

    [Fact]
    public void Every_gap_says_what_would_cover_it()
    {
        Assert.Contains("management review outcome", CoverageRules.For("9.3.3").WouldSatisfy, StringComparison.Ordinal);
        Assert.Contains("risk treatment decision", CoverageRules.For("6.1.2").WouldSatisfy, StringComparison.Ordinal);
        Assert.Contains("approved impact assessment", CoverageRules.For("6.1.4").WouldSatisfy, StringComparison.Ordinal);
    }

    [Fact]
    public void Docs_coverage_md_is_generated_from_the_table()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Aims.Teams.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root (Aims.Teams.sln) was not found above the test binaries.");
        }

        var path = Path.Combine(root, "docs", "coverage.md");
        var expected = CoverageRules.RenderMarkdown();
        if (Environment.GetEnvironmentVariable("AIMS_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), "docs/coverage.md is missing; run with AIMS_WRITE_DOCS=1 to generate it.");
        Assert.True(expected == File.ReadAllText(path).ReplaceLineEndings("\n"), "docs/coverage.md differs from CoverageRules; run with AIMS_WRITE_DOCS=1 to regenerate it, and review the change.");
    }
}
