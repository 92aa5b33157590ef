using Aims.Core.Evidence;
using Aims.Core.Records;
using Aims.Core.Register;

namespace Aims.Application.Evidence;

/// <summary>
/// Writes a record together with the evidence the change owes, through <see cref="EvidenceSettlement"/>: the row and its debt
/// in one write, then the evidence, then the debt settled. What is not settled now is settled by the next change of the record
/// or by the settlement sweep (<see cref="RecordStoreSweep{T}"/>). A decision that must also be announced passes
/// <c>announcementOwed</c>: the announcement is queued with the evidence, before the debt is marked settled.
/// </summary>
public sealed class OwedRecordWriter(EvidenceSettlement settlement)
{
    /// <summary>Adds a new record under a fresh id from <paramref name="prefix"/>; returns it (its evidence recorded unless storage failed).</summary>
    public async Task<Versioned<T>> AddAsync<T>(IRecordStore<T> store, string prefix, Func<string, T> create, Func<T, NewEvidence> owed, CancellationToken cancellationToken, AnnouncementOwed<T>? announcementOwed = null)
        where T : class =>
        (await AddSettlingAsync(store, prefix, create, owed, cancellationToken, announcementOwed)).Current;

    /// <summary>As <see cref="AddAsync{T}"/>, also saying whether the evidence is still pending.</summary>
    public async Task<(Versioned<T> Current, bool Pending)> AddSettlingAsync<T>(IRecordStore<T> store, string prefix, Func<string, T> create, Func<T, NewEvidence> owed, CancellationToken cancellationToken, AnnouncementOwed<T>? announcementOwed = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(owed);
        var id = await store.NextIdAsync(prefix, cancellationToken);
        var value = create(id);
        var added = await store.TryAddAsync(id, value, cancellationToken) ?? throw new ConcurrencyConflictException($"'{id}' exists already; try again.");
        var owing = await store.ReplaceOwingAsync(id, value, added.ETag, owed(value), cancellationToken);
        return await TrySettleAsync(store, id, owing, cancellationToken, announcementOwed);
    }

    /// <summary>
    /// Replaces a record read at <paramref name="current"/>, checked against <paramref name="ifMatch"/> when given. What the
    /// record still owes is settled first; when that cannot be done the change is refused, so no debt is overwritten.
    /// </summary>
    public async Task<Versioned<T>> ReplaceAsync<T>(IRecordStore<T> store, string id, Versioned<T> current, string? ifMatch, T value, NewEvidence owed, CancellationToken cancellationToken, AnnouncementOwed<T>? announcementOwed = null)
        where T : class =>
        (await ReplaceSettlingAsync(store, id, current, ifMatch, value, owed, cancellationToken, announcementOwed)).Current;

    /// <summary>As <see cref="ReplaceAsync{T}"/>, also saying whether the evidence is still pending.</summary>
    public async Task<(Versioned<T> Current, bool Pending)> ReplaceSettlingAsync<T>(IRecordStore<T> store, string id, Versioned<T> current, string? ifMatch, T value, NewEvidence owed, CancellationToken cancellationToken, AnnouncementOwed<T>? announcementOwed = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(current);
        if (ifMatch is { Length: > 0 } && !ETags.Same(ifMatch, current.ETag))
        {
            throw new ConcurrencyConflictException($"'{id}' was changed by someone else since you read it.");
        }

        var etag = current.ETag;
        if (current.Owed is not null)
        {
            string? settled = null;
            await settlement.SettleBeforeChangeAsync(id, current.Owed, async ct => settled = await store.SettleAsync(id, current.ETag, ct), cancellationToken, announcementOwed?.Invoke(id, current));
            etag = settled ?? throw new ConcurrencyConflictException($"'{id}' was changed meanwhile; try again.");
        }

        var owing = await store.ReplaceOwingAsync(id, value, etag, owed, cancellationToken);
        return await TrySettleAsync(store, id, owing, cancellationToken, announcementOwed);
    }

    /// <summary>Records what the record owes, if anything; Pending when evidence storage still fails (the debt stays).</summary>
    public async Task<(Versioned<T> Current, bool Pending)> TrySettleAsync<T>(IRecordStore<T> store, string id, Versioned<T> current, CancellationToken cancellationToken, AnnouncementOwed<T>? announcementOwed = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(current);
        if (current.Owed is null)
        {
            return (current, false);
        }

        string? etag = null;
        var settled = await settlement.TrySettleAsync(id, current.Owed, async ct => etag = await store.SettleAsync(id, current.ETag, ct), cancellationToken, announcementOwed?.Invoke(id, current));
        return settled ? (etag is null ? current : current with { ETag = etag, Owed = null }, false) : (current, true);
    }
}

/// <summary>The announcement a stored record owes with its evidence (queueing it), or null when it owes none.</summary>
public delegate Func<CancellationToken, Task>? AnnouncementOwed<T>(string id, Versioned<T> current)
    where T : class;
