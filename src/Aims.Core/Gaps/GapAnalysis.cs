using Aims.Core.Catalog;
using Aims.Core.Evidence;
using Aims.Core.Soa;

namespace Aims.Core.Gaps;

/// <summary>Settings of the gap analysis (section <c>Gaps</c>).</summary>
public sealed class GapOptions
{
    public const string SectionName = "Gaps";

    /// <summary>How old evidence may be and still count (days).</summary>
    public int ReviewPeriodDays { get; set; } = 365;

    /// <summary>Per clause or control id, a different period in days (e.g. "9.3.1": 365, "A.6.2.6": 90).</summary>
    public Dictionary<string, int> ReviewPeriodOverrides { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many recent evidence items are listed per item.</summary>
    public int EvidencePerItem { get; set; } = 3;

    public int PeriodFor(string id) => ReviewPeriodOverrides.TryGetValue(id, out var days) && days > 0 ? days : ReviewPeriodDays;
}

/// <summary>A short reference to a piece of evidence that supports an item.</summary>
public sealed record EvidenceReference(string Id, string Kind, string Subject, DateTimeOffset RecordedAt, string Summary);

/// <summary>
/// Priority tiers of a gap, most important first. The order is the documented ordering of <c>GET /api/gaps</c>.
/// </summary>
public enum GapTier
{
    /// <summary>A clause of 6 (planning: risk assessment and treatment, impact assessment) or 8 (operation) without current evidence.</summary>
    CorePlanningOrOperation = 1,

    /// <summary>An applicable Annex A control that is not implemented (NotStarted, Planned or Partially) and has no current evidence.</summary>
    ControlNotImplementedNoEvidence = 2,

    /// <summary>An applicable control not yet fully implemented, although some evidence exists.</summary>
    ControlNotImplemented = 3,

    /// <summary>Another clause (4, 5, 7, 9, 10) without current evidence.</summary>
    ClauseWithoutEvidence = 4,

    /// <summary>A control marked implemented but without evidence within its review period.</summary>
    ImplementedWithoutEvidence = 5,
}

/// <summary>The assessment of one clause or control.</summary>
public sealed record GapItem(
    string Id,
    string Title,
    CatalogItemKind Kind,
    string Group,
    bool Applicable,
    ImplementationStatus? Status,
    bool Covered,
    int ReviewPeriodDays,
    IReadOnlyList<EvidenceReference> Evidence,
    GapTier? Tier,
    string? Reason,
    IReadOnlyList<string> SatisfiedBy,
    string WouldSatisfy)
{
    public bool IsGap => Tier is not null;
}

/// <summary>Coverage of a group (clause 4..10 or objective A.2..A.10): covered items among the applicable ones.</summary>
public sealed record GroupCoverage(string Group, string Title, int Covered, int Total, double Percent);

public sealed record GapReport(
    DateTimeOffset AsOf,
    int ReviewPeriodDays,
    GroupCoverage Overall,
    GroupCoverage Clauses,
    GroupCoverage Controls,
    IReadOnlyList<GroupCoverage> Groups,
    IReadOnlyList<GapItem> Gaps,
    IReadOnlyList<GapItem> Items,
    IReadOnlyList<GroupCoverage> Headings);

/// <summary>
/// Gap analysis (ISO/IEC 42001 9.1): an item is covered when an operating record its <see cref="CoverageRule"/> accepts,
/// tagged with the item (or a heading the rule names), exists within its review period. Controls marked not applicable
/// in the SoA are left out of the percentages. Gaps are ordered by <see cref="GapTier"/>, then by implementation status
/// (NotStarted before Planned before Partially), then in catalog order.
/// </summary>
public sealed class GapAnalyzer(IEvidenceStore evidence, ISoaStore soa, GapOptions options, TimeProvider time)
{
    private const int MaxPagesPerTag = 10;
    private const int PageSize = 100;

    public async Task<GapReport> AnalyseAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var entries = StatementOfApplicability.Complete(await soa.ListAsync(cancellationToken)).ToDictionary(e => e.Entry.ControlId, e => e.Entry, StringComparer.Ordinal);
        var assessable = Iso42001Catalog.AssessableClauses.Concat(Iso42001Catalog.Controls).ToList();
        var found = new Dictionary<string, IReadOnlyList<EvidenceReference>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(assessable, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var refs = await FindEvidenceAsync(item, now.AddDays(-options.PeriodFor(item.Id)), ct);
            lock (found)
            {
                found[item.Id] = refs;
            }
        });

        var items = assessable.Select(item =>
        {
            var refs = found[item.Id];
            var covered = refs.Count > 0;
            var entry = item.Kind == CatalogItemKind.Control ? entries[item.Id] : null;
            var applicable = entry?.Applicable ?? true;
            var (tier, reason) = Classify(item, entry, covered);
            var rule = CoverageRules.For(item.Id);
            return new GapItem(item.Id, item.Title, item.Kind, item.Group, applicable, entry?.Status, covered, options.PeriodFor(item.Id), refs, tier, reason,
                [.. rule.SatisfiedBy.Select(r => r.Name)], rule.WouldSatisfy);
        }).ToList();

        var order = assessable.Select((item, index) => (item.Id, index)).ToDictionary(x => x.Id, x => x.index, StringComparer.Ordinal);
        var gaps = items.Where(i => i.IsGap)
            .OrderBy(i => i.Tier)
            .ThenBy(i => i.Status ?? ImplementationStatus.NotStarted)
            .ThenBy(i => order[i.Id])
            .ToList();

        var groups = Iso42001Catalog.ClauseGroups.Select(g => g.Id)
            .Concat(Iso42001Catalog.Objectives.Select(o => o.Id))
            .Select(g => Coverage(g, Iso42001Catalog.GroupTitle(g), items.Where(i => i.Group == g)))
            .ToList();
        return new GapReport(now, options.ReviewPeriodDays,
            Coverage("overall", "All clauses and applicable controls", items),
            Coverage("clauses", "Clauses 4-10", items.Where(i => i.Kind == CatalogItemKind.Clause)),
            Coverage("controls", "Applicable Annex A controls", items.Where(i => i.Kind == CatalogItemKind.Control)),
            groups, gaps, items, Headings(items));
    }

    internal static (GapTier? Tier, string? Reason) Classify(CatalogItem item, SoaEntry? entry, bool covered)
    {
        if (item.Kind == CatalogItemKind.Clause)
        {
            if (covered)
            {
                return (null, null);
            }

            return item.Group is "6" or "8"
                ? (GapTier.CorePlanningOrOperation, "No operating record within the review period (planning or operation clause).")
                : (GapTier.ClauseWithoutEvidence, "No operating record within the review period.");
        }

        if (entry is { Applicable: false })
        {
            return (null, null);
        }

        var status = entry?.Status ?? ImplementationStatus.NotStarted;
        if (status != ImplementationStatus.Implemented)
        {
            return covered
                ? (GapTier.ControlNotImplemented, $"Applicable but {Describe(status)}.")
                : (GapTier.ControlNotImplementedNoEvidence, $"Applicable but {Describe(status)}, and no operating record within the review period.");
        }

        return covered ? (null, null) : (GapTier.ImplementedWithoutEvidence, "Marked implemented, but no operating record within the review period.");
    }

    private static string Describe(ImplementationStatus status) => status switch
    {
        ImplementationStatus.NotStarted => "not started",
        ImplementationStatus.Planned => "only planned",
        ImplementationStatus.Partially => "partially implemented",
        _ => "implemented",
    };

    /// <summary>Headings such as 6.1 and 9.3: covered only when every sub-item is, never by evidence of their own.</summary>
    private static List<GroupCoverage> Headings(IReadOnlyList<GapItem> items) =>
    [
        .. Iso42001Catalog.Clauses.Where(c => !c.IsAssessable && c.ParentId is not null)
            .Select(h => Coverage(h.Id, h.Title, items.Where(i => Iso42001Catalog.Find(i.Id)?.ParentId == h.Id))),
    ];

    private static GroupCoverage Coverage(string group, string title, IEnumerable<GapItem> items)
    {
        var counted = items.Where(i => i.Applicable).ToList();
        var covered = counted.Count(i => i.Covered);
        var percent = counted.Count == 0 ? 100 : Math.Round(100.0 * covered / counted.Count, 1);
        return new GroupCoverage(group, title, covered, counted.Count, percent);
    }

    /// <summary>
    /// The newest few operating records that cover the item, recorded since <paramref name="from"/>: evidence tagged with one of
    /// the rule's tags that one of its records accepts. Newest first; at most a few pages are read per tag.
    /// </summary>
    private async Task<IReadOnlyList<EvidenceReference>> FindEvidenceAsync(CatalogItem item, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var rule = CoverageRules.For(item.Id);
        var max = Math.Max(1, options.EvidencePerItem);
        var result = new List<EvidenceReference>();
        foreach (var tag in rule.Tags)
        {
            var found = 0;
            string? token = null;
            var pages = 0;
            do
            {
                var query = Iso42001Catalog.IsControl(tag)
                    ? new EvidenceQuery { Control = tag, From = from, PageSize = PageSize, ContinuationToken = token }
                    : new EvidenceQuery { Clause = tag, From = from, PageSize = PageSize, ContinuationToken = token };
                var page = await evidence.ListAsync(query, cancellationToken);
                foreach (var e in page.Items.Where(rule.IsSatisfiedBy))
                {
                    result.Add(new EvidenceReference(e.Id, e.Kind.Value, e.Subject, e.RecordedAt, e.Summary));
                    found++;
                }

                token = page.ContinuationToken;
            }
            while (token is not null && found < max && ++pages < MaxPagesPerTag);
        }

        return [.. result.DistinctBy(r => r.Id).OrderByDescending(r => r.RecordedAt).Take(max)];
    }
}
