using Aims.Core.Reviews;
using Aims.Core.Soa;

namespace Aims.Application.Register;

/// <summary>
/// The digest's SoA input: what the live entries change against the last approved version (6.1.3 d), one line per control,
/// so leadership sees what it has not approved yet.
/// </summary>
public sealed class SoaDigestChanges(SoaService soa) : ISoaChangesSource
{
    public const int MaxLines = 10;

    public async Task<IReadOnlyList<string>> ChangesSinceApprovalAsync(CancellationToken cancellationToken = default)
    {
        var diff = await soa.ChangesAsync(null, cancellationToken);
        if (diff.Changes.Count == 0)
        {
            return [];
        }

        var against = diff.FromVersion is { } v ? $"approved version {v}" : "no approved version yet";
        return
        [
            $"{diff.Changes.Count} {(diff.Changes.Count == 1 ? "control" : "controls")} changed against {against}.",
            .. diff.Changes.Take(MaxLines).Select(Describe),
        ];
    }

    /// <summary>One control's change in a line: "A.6.2.4: status Planned -> Implemented; justification changed".</summary>
    public static string Describe(SoaEntryChange c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var parts = new List<string>();
        if (c.Applicable is { } applicable) parts.Add(applicable);
        if (c.Status is { } status) parts.Add("status " + status);
        if (c.Justification is not null) parts.Add("justification changed");
        if (c.Owner is not null) parts.Add("owner changed");
        if (c.Evidence is { } evidence) parts.Add(evidence);
        return $"{c.ControlId}: {string.Join("; ", parts)}";
    }
}
