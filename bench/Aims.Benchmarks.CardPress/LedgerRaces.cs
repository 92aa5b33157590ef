using Microsoft.Extensions.Logging;

namespace Aims.Benchmarks.CardPress;

/// <summary>
/// Counts the evidence store's debug events "Ledger append … lost the race" (an append that found the ledger head taken by
/// another writer and retried): how contended the one hash chain every decision joins is. Nothing is formatted or written.
/// </summary>
internal sealed class LedgerRaces : ILoggerProvider, ILogger
{
    public const string Category = "Aims.Infrastructure.Evidence.BlobEvidenceStore";
    private const string Template = "Ledger append of {ItemId} lost the race for entry {Sequence} (attempt {Attempt})";
    private long _lost;

    public long Lost => Interlocked.Read(ref _lost);

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> { Count: > 0 } values && values[^1].Value is Template)
        {
            Interlocked.Increment(ref _lost);
        }
    }

    public void Dispose()
    {
    }
}
