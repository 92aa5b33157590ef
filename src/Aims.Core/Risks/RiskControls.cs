using Aims.Core.Catalog;
using Aims.Core.Soa;

namespace Aims.Core.Risks;

/// <summary>The controls a risk's treatment relies on: Annex A controls of the catalog that the SoA holds applicable.</summary>
public static class RiskControls
{
    /// <summary>The ids that are not Annex A controls of the catalog, in the order given.</summary>
    public static IReadOnlyList<string> UnknownIds(IEnumerable<string> controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        return [.. controls.Where(c => !Iso42001Catalog.IsControl(c)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The catalog controls the SoA marks not applicable. A control never edited in the SoA is applicable by default
    /// (<see cref="SoaEntry.Default"/>), so only stored exclusions refuse.
    /// </summary>
    public static IReadOnlyList<string> NotApplicableIds(IEnumerable<string> controls, IEnumerable<SoaEntry> soa)
    {
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(soa);
        var excluded = soa.Where(e => !e.Applicable).Select(e => e.ControlId).ToHashSet(StringComparer.Ordinal);
        return [.. controls.Where(excluded.Contains).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Why these controls cannot be relied on (each offending id named), or null.</summary>
    public static string? WhyNot(IEnumerable<string> controls, IEnumerable<SoaEntry> soa)
    {
        var list = controls?.ToList() ?? throw new ArgumentNullException(nameof(controls));
        var unknown = UnknownIds(list);
        var excluded = NotApplicableIds(list, soa);
        var parts = new List<string>();
        if (unknown.Count > 0) parts.Add($"Not Annex A control ids of ISO/IEC 42001 (like A.6.2.6): {string.Join(", ", unknown)}.");
        if (excluded.Count > 0) parts.Add($"Not applicable in the Statement of Applicability, so no treatment can rely on them: {string.Join(", ", excluded)}.");
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }
}
