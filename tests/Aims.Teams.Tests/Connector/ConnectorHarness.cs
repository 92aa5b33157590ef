using Aims.Teams.Connector;
using Aims.Teams.Tests.Infrastructure;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Teams.Tests.Connector;

/// <summary>The connector as the application wires it (AddBotConnector), pointed at a loopback server playing the Bot Connector service.</summary>
public sealed class ConnectorHarness : IAsyncDisposable
{
    public const string AppId = "6c0f6b1e-0000-4000-8000-00000000b07a";
    public const string TenantId = "11111111-2222-3333-4444-555555555555";

    private ConnectorHarness(LoopbackServer server, ServiceProvider services, CountingCredential credential)
    {
        Server = server;
        Services = services;
        Credential = credential;
    }

    public LoopbackServer Server { get; }

    public ServiceProvider Services { get; }

    public CountingCredential Credential { get; }

    public IConnectorClient Client => Services.GetRequiredService<IConnectorClient>();

    public Uri ServiceUrl => Server.BaseAddress;

    /// <param name="limits">Rate limits of the test's own (e.g. on a fake clock) instead of the ones the app registers.</param>
    public static async Task<ConnectorHarness> StartAsync(bool developmentMode = false, bool trustServer = true, Dictionary<string, string?>? settings = null, ConnectorRateLimits? limits = null)
    {
        var server = await LoopbackServer.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = developmentMode ? null : AppId,
            ["Bot:TenantId"] = TenantId,
            // Tests shrink the backoff; Retry-After still comes from the server.
            ["Bot:Connector:BaseDelay"] = "00:00:00.010",
            ["Bot:Connector:MaxDelay"] = "00:00:00.050",
            ["Bot:Connector:MaxRetryAttempts"] = "4",
        };
        if (trustServer)
        {
            values["Bot:TrustedServiceUrls:0"] = server.BaseAddress.AbsoluteUri;
        }

        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var credential = new CountingCredential();
        var services = new ServiceCollection();
        if (limits is not null)
        {
            services.AddSingleton(limits);
        }

        var provider = services
            .AddLogging()
            .AddKeyedSingleton<TokenCredential>(BotTokenProvider.CredentialServiceKey, credential)
            .AddBotConnector(configuration)
            .BuildServiceProvider();
        return new ConnectorHarness(server, provider, credential);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>A TokenCredential that counts how often a token is requested; each token lives an hour.</summary>
public sealed class CountingCredential : TokenCredential
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public string? LastScope { get; private set; }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        LastScope = string.Join(' ', requestContext.Scopes);
        return ValueTask.FromResult(new AccessToken($"token-{call}", DateTimeOffset.UtcNow.AddHours(1)));
    }
}
