namespace Aims.Teams.Connector;

/// <summary>
/// Retry, timeout and rate-limit settings of outbound Bot Connector calls (configuration section <c>Bot:Connector</c>).
/// The defaults follow Microsoft's guidance for Teams bots; tests shrink the delays.
/// </summary>
public sealed class ConnectorResilienceOptions
{
    public const string Section = BotOptions.Section + ":Connector";

    /// <summary>Retries after the first attempt (so at most <c>MaxRetryAttempts + 1</c> requests per call).</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>First backoff delay; later ones grow exponentially with jitter. A Retry-After header takes precedence.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of a computed backoff delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one attempt (including time queued in the rate limiters).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of a whole call, all attempts and delays included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Requests that may wait for the per-app limiter before further ones are refused.</summary>
    public int AppQueueLimit { get; set; } = 10_000;

    /// <summary>Requests that may wait for one conversation's limiter before further ones are refused.</summary>
    public int ConversationQueueLimit { get; set; } = 1_000;
}
