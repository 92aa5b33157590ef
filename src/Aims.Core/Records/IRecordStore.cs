namespace Aims.Core.Records;

/// <summary>A stored record and the ETag that a conditional replace must name.</summary>
public sealed record Versioned<T>(T Value, string ETag)
{
    /// <summary>Evidence the stored state change still owes (written with it, not yet recorded); null when it owes none.</summary>
    public Evidence.NewEvidence? Owed { get; init; }
}

/// <summary>
/// Port: records of one kind (context issues, objectives, documents, ...) kept as whole documents under an id, with optimistic
/// concurrency. The kinds that need no special queries share this one shape instead of a store each.
/// </summary>
public interface IRecordStore<T>
    where T : class
{
    Task<Versioned<T>?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every record, in id order, streamed.</summary>
    IAsyncEnumerable<Versioned<T>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds the record; null when a record with that id exists already (nothing is changed then).</summary>
    Task<Versioned<T>?> TryAddAsync(string id, T value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the record if it still has <paramref name="expectedETag"/>; else <see cref="Register.ConcurrencyConflictException"/>.
    /// Evidence the record owes is kept.
    /// </summary>
    Task<Versioned<T>> ReplaceAsync(string id, T value, string expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="ReplaceAsync"/>, and in the same atomic write records that the change owes <paramref name="owed"/>.</summary>
    Task<Versioned<T>> ReplaceOwingAsync(string id, T value, string expectedETag, Evidence.NewEvidence owed, CancellationToken cancellationToken = default);

    /// <summary>Marks the owed evidence as recorded, if the record still has <paramref name="expectedETag"/>; returns the new ETag.</summary>
    Task<string> SettleAsync(string id, string expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Every record that still owes evidence (for the sweep that completes interrupted writes).</summary>
    IAsyncEnumerable<(string Id, Versioned<T> Record)> ListOwingAsync(CancellationToken cancellationToken = default);

    /// <summary>The next readable id with this prefix ("OBJ-4"), from a counter advanced with ETag conditions.</summary>
    Task<string> NextIdAsync(string prefix, CancellationToken cancellationToken = default);
}

/// <summary>Input that fails field-by-field checks; nothing was stored. Errors are keyed by camelCase field names.</summary>
public sealed class RecordValidationException(IReadOnlyDictionary<string, string[]> errors) : Exception("The input is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count > 0)
        {
            throw new RecordValidationException(errors);
        }
    }
}

/// <summary>ETags as HTTP clients send them back in <c>If-Match</c>: the weak prefix and the quotes do not matter.</summary>
public static class ETags
{
    public static bool Same(string a, string b) => string.Equals(Bare(a), Bare(b), StringComparison.Ordinal);

    private static string Bare(string etag) => etag.Replace("W/", string.Empty, StringComparison.Ordinal).Trim().Trim('"');
}
