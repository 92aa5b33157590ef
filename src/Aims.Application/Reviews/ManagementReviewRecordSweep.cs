using Aims.Application.Evidence;

namespace Aims.Application.Reviews;

/// <summary>
/// The settlement sweep of recorded management reviews: the evidence a record still owes, and its announcement, which completes the
/// actions and opportunity outcomes the review decided when the request that recorded it stopped before them.
/// </summary>
public sealed class ManagementReviewRecordSweep(ManagementReviewRecorder recorder) : IOwedEvidenceSweep
{
    public async Task<(int Settled, int Pending)> SweepAsync(CancellationToken cancellationToken)
    {
        int settled = 0, pending = 0;
        await foreach (var (id, record) in recorder.ListOwingAsync(cancellationToken))
        {
            _ = await recorder.TrySettleOwedAsync(id, record, cancellationToken) ? settled++ : pending++;
        }

        return (settled, pending);
    }
}
