using System.Globalization;
using System.Runtime.CompilerServices;

namespace Aims.Application.Evidence;

/// <summary>A register row whose cells are already laid out (as for an existing CSV export), with the record behind it.</summary>
public sealed record PackRow<T>(T Item, IReadOnlyList<string?> Cells);

/// <summary>Cell formats shared by the pack's registers.</summary>
public static class PackRow
{
    /// <summary>Columns that read a <see cref="PackRow{T}"/>'s cells in header order.</summary>
    public static IReadOnlyList<PackColumn<PackRow<T>>> Columns<T>(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return [.. header.Select((name, i) => new PackColumn<PackRow<T>>(name, r => r.Cells[i]))];
    }

    public static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static string Num(double n) => n.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An instant as ISO 8601 UTC.</summary>
    public static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Join(IEnumerable<string>? values) => string.Join(' ', values ?? []);

    /// <summary>Each record's child rows (a document's versions, a dataset's checks) with the record they belong to, streamed.</summary>
    public static async IAsyncEnumerable<(T Parent, TChild Child)> Children<T, TChild>(IAsyncEnumerable<T> parents, Func<T, IEnumerable<TChild>> children, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(children);
        await foreach (var parent in parents.WithCancellation(cancellationToken))
        {
            foreach (var child in children(parent))
            {
                yield return (parent, child);
            }
        }
    }
}
