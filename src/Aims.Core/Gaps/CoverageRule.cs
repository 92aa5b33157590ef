using Aims.Core.Evidence;

namespace Aims.Core.Gaps;

/// <summary>
/// What covers one assessable clause item or Annex A control: an operating record of one of <see cref="SatisfiedBy"/>,
/// tagged with one of <see cref="Tags"/> (the item's own id, and where the recording workflow tags the enclosing heading
/// instead, that heading, named here so the choice is explicit), recorded within the review period.
/// </summary>
public sealed record CoverageRule(string ItemId, IReadOnlyList<OperatingRecord> SatisfiedBy, IReadOnlyList<string> Tags, string WouldSatisfy)
{
    public bool IsSatisfiedBy(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var tagged = item.Clauses.Concat(item.Controls).Any(t => Tags.Contains(t, StringComparer.Ordinal));
        return tagged && SatisfiedBy.Any(r => r.Matches(item));
    }
}
