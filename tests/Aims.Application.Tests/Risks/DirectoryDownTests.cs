using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aims.Application.Risks;
using Aims.Application.Tests.Reviews;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Infrastructure.Directory;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Risks;

/// <summary>
/// Fail closed, end to end: the real DevHost on Azurite, the demo directory behind the real directory cache, and the
/// directory going down. An approval through the API and through a card press is refused and changes and records nothing.
/// </summary>
public sealed class DirectoryDownTests : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";   // AIMS manager, risk owner
    private const string Megan = "00000000-0000-0000-0000-0000000000021";  // risk owner
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly SwitchableDirectory _directory = new(LocalDirectoryClient.Load(Path.Combine(TestEnvironment.RepoRoot, "src", "Aims.DevHost", "demo-directory.json")));
    private readonly RecordingConnector _connector = new();
    private readonly DevHostFactory _host;
    private readonly HttpClient _client;

    public DirectoryDownTests(AzuriteFixture azurite)
    {
        _host = new DevHostFactory(azurite.ConnectionString, services: s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton<Teams.Connector.IConnectorClient>(_connector);
            // The app's own cache in front, as production has it: only the directory behind it fails.
            s.AddSingleton<IDirectoryClient>(sp => new CachedDirectoryClient(_directory, sp.GetRequiredService<DirectoryCacheOptions>(), _clock, sp.GetRequiredService<ILogger<CachedDirectoryClient>>()));
        });
        _client = _host.CreateClient();
    }

    // The demo organisation's register and risks, in this host's own tables.
    public Task InitializeAsync() => _host.Services.GetRequiredService<Demo.DemoSeeder>().SeedAsync(CancellationToken.None);

    public Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_approval_through_the_api_is_refused_and_records_nothing()
    {
        var id = await SubmittedRiskAsync();
        var before = await StateAsync(id);
        GoDown();

        using var response = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/decisions", Alex, new { outcome = "Approved", requestId = "api-press" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(_directory.Failures > 0);
        Assert.Equal(before, await StateAsync(id));

        // The same approval once the directory is back goes through: the refusal was the directory's, not the request's.
        _directory.Down = false;
        using var again = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/decisions", Alex, new { outcome = "Approved", requestId = "api-press" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotEqual(before, await StateAsync(id));
    }

    [Fact]
    public async Task An_approval_by_card_press_is_refused_and_records_nothing()
    {
        var id = await SubmittedRiskAsync();
        var before = await StateAsync(id);
        var revision = (await _host.Services.GetRequiredService<Core.Risks.IRiskRegister>().GetAsync(id))!.Risk.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        GoDown();

        var card = await PressAsync(Alex, RiskApprovalCard.VerbApprove, new Dictionary<string, string?> { ["riskId"] = id, ["revision"] = revision });

        Assert.Contains("nothing was changed", card, StringComparison.Ordinal);
        Assert.True(_directory.Failures > 0);
        Assert.Equal(before, await StateAsync(id));

        _directory.Down = false;
        await PressAsync(Alex, RiskApprovalCard.VerbApprove, new Dictionary<string, string?> { ["riskId"] = id, ["revision"] = revision });
        Assert.NotEqual(before, await StateAsync(id));
    }

    /// <summary>The directory stops answering, and every cached answer (roles, profiles) is older than it may be served.</summary>
    private void GoDown()
    {
        _clock.Advance(TimeSpan.FromDays(2));
        _directory.Down = true;
    }

    private async Task<string> SubmittedRiskAsync()
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/risks", Megan, new
        {
            aiSystemId = "demo-credit-scoring", title = "Explanations unclear to applicants", description = "Reason codes are too technical.",
            category = "TransparencyAndExplainability", source = "Use", likelihood = 4, impact = 4, treatment = "Mitigate",
            treatmentPlan = "Rewrite reason codes in plain language", residualLikelihood = 2, residualImpact = 2, ownerObjectId = Alex,
            nextReviewDate = "2027-06-01", controls = new[] { "A.8.2" },
        });
        var json = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.StatusCode == HttpStatusCode.Created, json.ToString());
        var id = json.GetProperty("risk").GetProperty("id").GetString()!;
        using var submitted = await SendAsync(HttpMethod.Post, $"/api/risks/{id}/submit", Megan);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        return id;
    }

    /// <summary>The stored risk (with its ETag) and every evidence item about it: what a refusal must leave as it was.</summary>
    private async Task<string> StateAsync(string id)
    {
        var stored = (await _host.Services.GetRequiredService<Core.Risks.IRiskRegister>().GetAsync(id))!;
        var evidence = await _host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = $"risk:{id}", PageSize = 100 });
        Assert.NotEmpty(evidence.Items);   // creation and submission are evidence already
        return $"{stored.ETag} {stored.Risk.State} {stored.Risk.Revision} {stored.Risk.Decisions.Count} | {string.Join(",", evidence.Items.Select(e => e.Id).Order(StringComparer.Ordinal))}";
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string user, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Aims-User", user);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await _client.SendAsync(request);
    }

    private async Task<string> PressAsync(string actor, string verb, IReadOnlyDictionary<string, string?> data)
    {
        var router = _host.Services.GetServices<IActivityHandler>().Single();
        var activity = BotTurns.Press(actor, verb, data);
        var response = await router.HandleAsync(new TurnContext(activity, new Uri(activity.ServiceUrl!), _connector, CancellationToken.None));
        return JsonSerializer.Serialize(response!.Body, CardJson.Options);
    }

    /// <summary>The demo directory, until it is switched off: then every call fails as Graph does when it keeps failing.</summary>
    private sealed class SwitchableDirectory(IDirectoryClient inner) : IDirectoryClient
    {
        private int _failures;
        private volatile bool _down;

        public bool Down { get => _down; set => _down = value; }

        public int Failures => _failures;

        public string ProviderName => inner.ProviderName;

        public async Task<IReadOnlySet<string>> GetTransitiveGroupIdsAsync(string userObjectId, CancellationToken cancellationToken = default)
        {
            Ensure();
            return await inner.GetTransitiveGroupIdsAsync(userObjectId, cancellationToken);
        }

        public async Task<DirectoryPage<DirectoryUser>> GetGroupMembersPageAsync(string groupObjectId, string? continuationToken, CancellationToken cancellationToken = default)
        {
            Ensure();
            return await inner.GetGroupMembersPageAsync(groupObjectId, continuationToken, cancellationToken);
        }

        public async Task<DirectoryUser?> GetUserAsync(string userObjectId, CancellationToken cancellationToken = default)
        {
            Ensure();
            return await inner.GetUserAsync(userObjectId, cancellationToken);
        }

        public async Task<DirectoryUser?> GetManagerAsync(string userObjectId, CancellationToken cancellationToken = default)
        {
            Ensure();
            return await inner.GetManagerAsync(userObjectId, cancellationToken);
        }

        private void Ensure()
        {
            if (!_down) return;
            Interlocked.Increment(ref _failures);
            throw new DirectoryUnavailableException("The directory is down (test).");
        }
    }
}
