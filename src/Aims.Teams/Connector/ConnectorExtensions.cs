using System.Net;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Aims.Teams.Connector;

public static class ConnectorExtensions
{
    /// <summary>
    /// Registers the Bot Connector channel layer: <see cref="BotOptions"/> (section <c>Bot</c>) and
    /// <see cref="ConnectorResilienceOptions"/> (section <c>Bot:Connector</c>), the inbound authenticator, the trusted
    /// service URLs, the outbound token provider, and the typed <see cref="IConnectorClient"/> with its retry, timeout and
    /// rate-limit handlers. A <see cref="TokenCredential"/> registered under <see cref="BotTokenProvider.CredentialServiceKey"/>
    /// replaces the credential built from the options.
    /// </summary>
    public static IServiceCollection AddBotConnector(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.Section));
        services.AddOptions<ConnectorResilienceOptions>().Bind(configuration.GetSection(ConnectorResilienceOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(BotRequestAuthenticator.MetadataHttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton<ITrustedServiceUrls, TrustedServiceUrls>();
        services.TryAddSingleton<IBotRequestAuthenticator>(sp => new BotRequestAuthenticator(
            sp.GetRequiredService<IOptions<BotOptions>>(),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<ILogger<BotRequestAuthenticator>>(),
            sp.GetRequiredService<ITrustedServiceUrls>(),
            sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton(sp => new BotTokenProvider(
            sp.GetRequiredService<IOptions<BotOptions>>(),
            sp.GetRequiredService<ILogger<BotTokenProvider>>(),
            sp.GetKeyedService<TokenCredential>(BotTokenProvider.CredentialServiceKey),
            sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<ConnectorRateLimits>();
        services.TryAddTransient<ConnectorRateLimitingHandler>();

        var connector = services.AddHttpClient<IConnectorClient, ConnectorClient>(ConnectorClient.HttpClientName, client =>
            {
                // The resilience pipeline owns timeouts (per attempt and in total).
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // A redirect must not carry the token anywhere the trust check did not approve.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        connector.AddResilienceHandler("bot-connector", ConfigurePipeline);
        // Added after the resilience handler, so it sits inside it: every attempt, retries included, takes a permit.
        connector.AddHttpMessageHandler<ConnectorRateLimitingHandler>();

        return services;
    }

    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<ConnectorResilienceOptions>>().Value;
        var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConnectorClient).FullName!);

        builder
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = "bot-connector-total", Timeout = options.TotalTimeout })
            .AddRetry(new HttpRetryStrategyOptions
            {
                Name = "bot-connector-retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                // Retry-After (delta seconds or HTTP date) replaces the computed backoff when Teams sends it.
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome)),
                OnRetry = args =>
                {
                    var request = args.Outcome.Result?.RequestMessage;
                    string? conversationId = null;
                    request?.Options.TryGetValue(ConnectorClient.ConversationIdOption, out conversationId);
                    logger.LogWarning(
                        args.Outcome.Exception,
                        "Retrying Bot Connector call to host {ServiceUrlHost} for conversation {ConversationId}: status {StatusCode}, attempt {Attempt}, waiting {RetryDelay}",
                        request?.RequestUri?.Host, conversationId, (int?)args.Outcome.Result?.StatusCode, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = "bot-connector-attempt", Timeout = options.AttemptTimeout });
    }

    /// <summary>Throttling (429), Teams' 412 precondition races, gateway errors, transport failures and attempt timeouts.</summary>
    internal static bool IsRetryable(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException } => true,
        { Exception: TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests
            or HttpStatusCode.PreconditionFailed
            or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout,
        _ => false,
    };
}
