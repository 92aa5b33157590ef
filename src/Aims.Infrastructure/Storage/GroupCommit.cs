using System.Collections.Concurrent;

namespace Aims.Infrastructure.Storage;

/// <summary>
/// Group commit: concurrent submissions in this process are written together. One caller at a time commits everything waiting at
/// that moment (up to a batch size) in one call of <c>commit</c>; the others wait for that call instead of making their own. A
/// burst of N writes to one partition then costs a few round trips, not N. A caller writes until its own item is written and then
/// hands the turn on, so no caller writes for everyone for long. The commit runs without the callers' cancellation: a batch
/// carries other callers' items, and abandoning it half-way would fail them for one caller's timeout.
/// </summary>
/// <typeparam name="TItem">What is submitted.</typeparam>
/// <typeparam name="TResult">What each submission learns; <c>commit</c> returns one per item, in order.</typeparam>
internal sealed class GroupCommit<TItem, TResult>(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> commit, int maxBatch)
{
    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async Task<TResult> SubmitAsync(TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item);
        _queue.Enqueue(pending);
        while (!pending.Completion.Task.IsCompleted)
        {
            var turn = _writer.WaitAsync(cancellationToken);
            if (await Task.WhenAny(turn, pending.Completion.Task) != turn)
            {
                // Another caller's batch took this item; give the writer's turn back when it comes.
                _ = turn.ContinueWith(_ => _writer.Release(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                break;
            }

            await turn;
            try
            {
                await WriteQueuedAsync(pending);
            }
            finally
            {
                _writer.Release();
            }
        }

        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteQueuedAsync(Pending mine)
    {
        while (!mine.Completion.Task.IsCompleted)
        {
            var batch = new List<Pending>(maxBatch);
            while (batch.Count < maxBatch && _queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                return; // An earlier writer's batch held the caller's item and completed it.
            }

            try
            {
                var results = await commit([.. batch.Select(p => p.Item)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>A submission waiting for its batch; completed on the thread pool so the writer carries on at once.</summary>
    private sealed class Pending(TItem item)
    {
        public TItem Item { get; } = item;

        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
