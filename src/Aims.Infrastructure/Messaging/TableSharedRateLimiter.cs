using System.Globalization;
using Aims.Core.Messaging;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Aims.Infrastructure.Messaging;

/// <summary>Settings of the shared per-app send rate (section <c>RateLimit</c>); the rate itself is <c>Bot:AppRequestsPerSecond</c>.</summary>
public sealed class SharedRateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Share the per-app budget across instances through Table Storage; off, each process keeps its own token bucket.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Permits an instance claims from the window's budget per storage write (smaller: fairer, more writes).</summary>
    public int BlockSize { get; set; } = 10;
}

/// <summary>
/// A fixed-window budget shared through one Table Storage row per window (table <c>ratelimits</c>, partition = limiter name).
/// Each instance claims permits in blocks (<c>Claimed += block</c>, conditional on the row's ETag, so two instances never claim
/// the same permits) and hands them out locally until the block is used up; at 50 per second and blocks of 10 that is about five
/// claims (a read and a write each) per second whatever the number of instances. Permits not used by the end of their window
/// are lost, never carried over, so no window is ever over budget. Rows are reused round robin (<see cref="Slots"/> per limiter,
/// the window number stored in the row), so the table does not grow. Windows come from each instance's clock: skew between
/// instances can let two adjacent windows overlap by the skew (Azure hosts keep well under 100 ms; the 429 retry covers the rest).
/// </summary>
public sealed class TableSharedRateLimiter : ISharedRateLimiter, IDisposable
{
    public const string TableName = "ratelimits";
    public const int Slots = 600;
    private const int MaxClaimAttempts = 50;

    private readonly StorageClients _clients;
    private readonly string _name;
    private readonly int _permits;
    private readonly long _windowTicks;
    private readonly int _blockSize;
    private readonly TimeProvider _time;
    private readonly ILogger<TableSharedRateLimiter> _logger;
    private readonly SemaphoreSlim _claimGate = new(1, 1);
    private readonly object _gate = new();
    private long _window = -1;
    private int _local;
    private bool _spent;
    private long _claims;

    public TableSharedRateLimiter(StorageClients clients, string name, int permitsPerWindow, TimeSpan window, int blockSize, TimeProvider time, ILogger<TableSharedRateLimiter> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromMilliseconds(100));
        _clients = clients;
        _name = TableKey.Escape(name);
        _permits = permitsPerWindow;
        _windowTicks = window.Ticks;
        _blockSize = Math.Min(blockSize, permitsPerWindow);
        _time = time;
        _logger = logger;
    }

    /// <summary>Successful claims (storage writes) by this instance.</summary>
    public long Claims => Interlocked.Read(ref _claims);

    private TableClient Table => _clients.Tables.GetTableClient(TableName);

    public async ValueTask<bool> TryAcquireAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var window = CurrentWindow();
            if (TakeLocal(window) is { } local)
            {
                return local;
            }

            await _claimGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Another caller may have claimed while this one waited for the gate.
                if (TakeLocal(window) is { } claimedMeanwhile)
                {
                    return claimedMeanwhile;
                }

                var got = await ClaimAsync(window, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_window != window)
                    {
                        (_window, _local, _spent) = (window, 0, false);
                    }

                    _local += got;
                    _spent = got == 0;
                }
            }
            finally
            {
                _claimGate.Release();
            }
        }
    }

    public async ValueTask AcquireAsync(CancellationToken cancellationToken = default)
    {
        while (!await TryAcquireAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = _time.GetUtcNow().UtcTicks;
            var next = ((now / _windowTicks) + 1) * _windowTicks;
            await Task.Delay(TimeSpan.FromTicks(Math.Max(next - now, TimeSpan.TicksPerMillisecond)), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when a local permit was taken, false when the window is spent, null when a claim is needed.</summary>
    private bool? TakeLocal(long window)
    {
        lock (_gate)
        {
            if (_window != window)
            {
                return null;
            }

            if (_local > 0)
            {
                _local--;
                return true;
            }

            return _spent ? false : null;
        }
    }

    private long CurrentWindow() => _time.GetUtcNow().UtcTicks / _windowTicks;

    /// <summary>Claims up to one block of the window's budget; 0 when it is spent.</summary>
    private async Task<int> ClaimAsync(long window, CancellationToken cancellationToken)
    {
        var row = (window % Slots).ToString("D3", CultureInfo.InvariantCulture);
        var windowText = window.ToString(CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(_name, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!existing.HasValue)
                {
                    var take = Math.Min(_blockSize, _permits);
                    await Table.AddEntityAsync(new TableEntity(_name, row) { ["Window"] = windowText, ["Claimed"] = take }, cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _claims);
                    return take;
                }

                var entity = existing.Value!;
                var claimed = entity.GetString("Window") == windowText ? entity.GetInt32("Claimed") ?? 0 : 0; // an older window's row is reused
                var left = _permits - claimed;
                if (left <= 0)
                {
                    return 0;
                }

                var block = Math.Min(_blockSize, left);
                await Table.UpdateEntityAsync(new TableEntity(_name, row) { ["Window"] = windowText, ["Claimed"] = claimed + block }, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _claims);
                return block;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance claimed first: read the row again.
            }

            if (CurrentWindow() != window)
            {
                return 0;
            }
        }

        _logger.LogWarning("Rate limiter {Name}: gave up claiming window {Window} after {Attempts} conflicting attempts", _name, window, MaxClaimAttempts);
        return 0;
    }

    public void Dispose() => _claimGate.Dispose();
}
