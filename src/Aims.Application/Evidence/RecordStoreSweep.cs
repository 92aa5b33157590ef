using Aims.Core.Records;

namespace Aims.Application.Evidence;

/// <summary>The settlement sweep of one plain register written by <see cref="OwedRecordWriter"/>.</summary>
public interface IOwedEvidenceSweep
{
    /// <summary>Records the evidence every record still owes; returns how many were settled and how many still owe.</summary>
    Task<(int Settled, int Pending)> SweepAsync(CancellationToken cancellationToken);
}

/// <summary><see cref="IOwedEvidenceSweep"/> over every owing record of <typeparamref name="T"/>.</summary>
public sealed class RecordStoreSweep<T>(IRecordStore<T> store, OwedRecordWriter writer) : IOwedEvidenceSweep
    where T : class
{
    public async Task<(int Settled, int Pending)> SweepAsync(CancellationToken cancellationToken)
    {
        int settled = 0, pending = 0;
        await foreach (var (id, record) in store.ListOwingAsync(cancellationToken))
        {
            _ = (await writer.TrySettleAsync(store, id, record, cancellationToken)).Pending ? pending++ : settled++;
        }

        return (settled, pending);
    }
}
