namespace Aims.Core.Risks;

/// <summary>A risk with the ETag of its stored version (optimistic concurrency).</summary>
public sealed record VersionedRisk(Risk Risk, string ETag)
{
    /// <summary>Evidence the stored state change still owes (written with it, not yet recorded); null when it owes none.</summary>
    public Evidence.NewEvidence? Owed { get; init; }
}

public sealed record RiskQuery
{
    public const int MaxPageSize = 200;

    public string? AiSystemId { get; init; }
    public ApprovalState? State { get; init; }
    public string? OwnerObjectId { get; init; }
    public int PageSize { get; init; } = 50;
    public string? ContinuationToken { get; init; }
}

public sealed record RiskPage(IReadOnlyList<VersionedRisk> Items, string? ContinuationToken);

/// <summary>Port: the AI risk register (clauses 6.1.2, 6.1.3, 8.2, 8.3).</summary>
public interface IRiskRegister
{
    /// <summary>A new readable id ("R-42"), unique across instances.</summary>
    Task<string> NextIdAsync(CancellationToken cancellationToken = default);

    Task<VersionedRisk?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<RiskPage> ListAsync(RiskQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every risk, streamed page by page (digests, jobs, exports).</summary>
    IAsyncEnumerable<Risk> ListAllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every risk's <see cref="RiskSummary"/>, streamed: what counts over the whole register read. A store that keeps the
    /// figures as columns reads only those; this default derives them from <see cref="ListAllAsync"/>.
    /// </summary>
    async IAsyncEnumerable<RiskSummary> ListSummariesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var risk in ListAllAsync(cancellationToken))
        {
            yield return RiskSummary.Of(risk);
        }
    }

    /// <summary>
    /// Adds all the risks or none, each with the evidence it owes: written in transactions of up to 100 rows, and when a
    /// later transaction fails the rows of the earlier ones are deleted again before <see cref="Register.ConcurrencyConflictException"/>
    /// (naming the risk that failed) is thrown.
    /// </summary>
    Task<IReadOnlyList<VersionedRisk>> CreateAllAsync(IReadOnlyList<(Risk Risk, Evidence.NewEvidence Owed)> risks, CancellationToken cancellationToken = default);

    /// <summary>Adds a risk; <see cref="Register.ConcurrencyConflictException"/> when the id exists.</summary>
    Task<VersionedRisk> CreateAsync(Risk risk, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a risk if it still has <paramref name="expectedETag"/>; else <see cref="Register.ConcurrencyConflictException"/>.
    /// Evidence the risk owes is kept.
    /// </summary>
    Task<VersionedRisk> UpdateAsync(Risk risk, string expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="UpdateAsync"/>, and in the same atomic write records that the change owes <paramref name="owed"/>.</summary>
    Task<VersionedRisk> UpdateOwingAsync(Risk risk, string expectedETag, Evidence.NewEvidence owed, CancellationToken cancellationToken = default);

    /// <summary>Marks the owed evidence as recorded, if the risk still has <paramref name="expectedETag"/>; returns the new ETag.</summary>
    Task<string> SettleAsync(string id, string expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Every risk that still owes evidence (for the sweep that completes interrupted writes).</summary>
    IAsyncEnumerable<VersionedRisk> ListOwingAsync(CancellationToken cancellationToken = default);
}
