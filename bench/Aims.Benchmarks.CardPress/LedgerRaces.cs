using Microsoft.Extensions.Logging;

namespace Aims.Benchmarks.CardPress;

/// <summary>
/// Counts the evidence store's debug events "Ledger append … lost the race" (a transaction of appends that found the ledger
/// head taken by another writer and retried) and "Ledger committed …" (one transaction of appends, with how many items it
/// carried): how contended the one hash chain every decision joins is. Nothing is formatted or written.
/// </summary>
internal sealed class LedgerRaces : ILoggerProvider, ILogger
{
    public const string Category = "Aims.Infrastructure.Evidence.BlobEvidenceStore";
    private const string LostTemplate = "Ledger append of {Count} items lost the race for entry {Sequence} (attempt {Attempt})";
    private const string CommitTemplate = "Ledger committed {Count} items as entries {FirstSequence}-{LastSequence}";
    private long _lost;
    private long _commits;
    private long _committed;

    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Ledger transactions, and the items they appended.</summary>
    public (long Commits, long Items) Committed => (Interlocked.Read(ref _commits), Interlocked.Read(ref _committed));

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> { Count: > 0 } values)
        {
            return;
        }

        if (values[^1].Value is LostTemplate)
        {
            Interlocked.Increment(ref _lost);
        }
        else if (values[^1].Value is CommitTemplate && values[0].Value is int count)
        {
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _committed, count);
        }
    }

    public void Dispose()
    {
    }
}
