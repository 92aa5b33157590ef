using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Teams.Connector;

/// <summary>
/// The service URLs that may receive the bot's token: those configured in <see cref="BotOptions.TrustedServiceUrls"/> and those
/// <see cref="Trust"/>ed after an authenticated inbound activity vouched for them. A URL is trusted when its scheme, host and port
/// equal a trusted entry's and its path lies under that entry's path (segment-wise, so /emea/ does not cover /emeaevil/).
/// </summary>
public sealed class TrustedServiceUrls : ITrustedServiceUrls
{
    /// <summary>Teams uses a handful of regional service URLs; a flood of distinct ones means something is wrong.</summary>
    internal const int MaxLearnedEntries = 256;

    private readonly BotOptions _options;
    private readonly ILogger<TrustedServiceUrls> _logger;
    private readonly IReadOnlyList<Prefix> _configured;
    private readonly ConcurrentDictionary<Prefix, byte> _learned = new();

    public TrustedServiceUrls(IOptions<BotOptions> options, ILogger<TrustedServiceUrls> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _configured = [.. _options.TrustedServiceUrls.Select(ParseConfigured)];
    }

    public void Trust(Uri serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        if (!serviceUrl.IsAbsoluteUri || (serviceUrl.Scheme != Uri.UriSchemeHttps && !(serviceUrl.Scheme == Uri.UriSchemeHttp && BotRequestAuthenticator.IsLoopback(serviceUrl))))
        {
            // A token must never travel in clear text to a remote host, whatever an activity claims.
            _logger.LogWarning("Not trusting service URL host {ServiceUrlHost}: only https (or loopback http) service URLs are trusted", serviceUrl.IsAbsoluteUri ? serviceUrl.Host : "(relative)");
            return;
        }

        var prefix = Prefix.From(serviceUrl);
        if (IsTrusted(prefix))
        {
            return;
        }

        if (_learned.Count >= MaxLearnedEntries)
        {
            _logger.LogWarning("Not trusting service URL host {ServiceUrlHost}: {Count} learned service URLs already", serviceUrl.Host, _learned.Count);
            return;
        }

        if (_learned.TryAdd(prefix, 0))
        {
            _logger.LogInformation("Trusting service URL {ServiceUrlHost}{ServiceUrlPath} from an authenticated activity", prefix.Host, prefix.Path);
        }
    }

    public bool IsTrusted(Uri serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        if (!serviceUrl.IsAbsoluteUri || (serviceUrl.Scheme != Uri.UriSchemeHttps && serviceUrl.Scheme != Uri.UriSchemeHttp))
        {
            return false;
        }

        // The local Agents Playground / emulator receives no token at all in development mode.
        if (_options.IsDevelopmentMode && BotRequestAuthenticator.IsLoopback(serviceUrl))
        {
            return true;
        }

        return IsTrusted(Prefix.From(serviceUrl));
    }

    private bool IsTrusted(Prefix candidate) =>
        _configured.Any(candidate.IsUnder) || _learned.Keys.Any(candidate.IsUnder);

    private static Prefix ParseConfigured(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? Prefix.From(uri)
            : throw new InvalidOperationException($"Bot:TrustedServiceUrls contains '{value}', which is not an absolute http(s) URL.");

    private readonly record struct Prefix(string Scheme, string Host, int Port, string Path)
    {
        public static Prefix From(Uri uri)
        {
            var path = uri.AbsolutePath;
            return new Prefix(
                uri.Scheme.ToLowerInvariant(),
                uri.IdnHost.ToLowerInvariant(),
                uri.Port,
                path.EndsWith('/') ? path : path + "/");
        }

        public bool IsUnder(Prefix trusted) =>
            Scheme == trusted.Scheme
            && Host == trusted.Host
            && Port == trusted.Port
            && Path.StartsWith(trusted.Path, StringComparison.Ordinal);
    }
}
