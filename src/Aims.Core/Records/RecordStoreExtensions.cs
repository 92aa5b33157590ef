using System.Runtime.CompilerServices;

namespace Aims.Core.Records;

public static class RecordStoreExtensions
{
    /// <summary>Every record's value, without its ETag (for exports that only read).</summary>
    public static async IAsyncEnumerable<T> ListValuesAsync<T>(this IRecordStore<T> store, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        await foreach (var v in store.ListAsync(cancellationToken))
        {
            yield return v.Value;
        }
    }
}
