using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Aims.Core.Messaging;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Protocol;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Reviews;

/// <summary>An Azurite of its own: review cycles list every cycle and system, so other classes' data must not leak in.</summary>
public sealed class DedicatedAzurite : IDisposable
{
    private readonly AzuriteFixture _azurite = new(dedicated: true);

    public string ConnectionString => _azurite.ConnectionString;

    public void Dispose() => _azurite.Dispose();
}

/// <summary>Records what the bot sends through the Bot Connector instead of calling Teams.</summary>
public sealed class RecordingConnector : IConnectorClient
{
    private int _count;

    public ConcurrentQueue<(string ConversationId, Activity Activity)> Sent { get; } = new();

    /// <summary>The card JSON of every message to a conversation (people's 1:1 chats are <c>conv-&lt;object id&gt;</c>).</summary>
    public IReadOnlyList<string> CardsIn(string conversationId) =>
        [.. Sent.Where(s => s.ConversationId == conversationId).Select(s => JsonSerializer.Serialize(s.Activity.Attachments![0].Content, CardJson.Options))];

    public IReadOnlyList<string> CardsTo(string objectId) => CardsIn("conv-" + objectId);

    public Task<ResourceResponse> SendToConversationAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((conversationId, activity));
        return Task.FromResult(new ResourceResponse { Id = "a-" + Interlocked.Increment(ref _count) });
    }

    public Task<ResourceResponse> ReplyToActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken);

    /// <summary>Every card message replaced (activity id and the new card JSON).</summary>
    public ConcurrentQueue<(string ActivityId, string Card)> Updated { get; } = new();

    public Task<ResourceResponse> UpdateActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        Updated.Enqueue((activityId, JsonSerializer.Serialize(activity.Attachments![0].Content, CardJson.Options)));
        return Task.FromResult(new ResourceResponse { Id = activityId });
    }

    public Task DeleteActivityAsync(Uri serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ConversationResourceResponse> CreateConversationAsync(Uri serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default) =>
        throw new ConnectorException("No rosters in tests.", 404);

    public Task<ChannelAccount?> GetMemberAsync(Uri serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken = default) => Task.FromResult<ChannelAccount?>(null);

    public Task<IReadOnlyList<ChannelAccount>> GetMembersAsync(Uri serviceUrl, string conversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ChannelAccount>>([]);
}

/// <summary>The DevHost for review tests: fake clock, recording connector, every demo user reachable at <c>conv-&lt;object id&gt;</c>.</summary>
internal sealed class ReviewHost : IDisposable
{
    public const string Alex = "00000000-0000-0000-0000-0000000000020";   // AIMS manager, risk owner
    public const string Megan = "00000000-0000-0000-0000-0000000000021";  // risk owner; her manager is Adele
    public const string Adele = "00000000-0000-0000-0000-0000000000022";  // top management
    public const string Isaiah = "00000000-0000-0000-0000-0000000000023"; // auditor
    public const string Patti = "00000000-0000-0000-0000-0000000000024";  // risk owner
    public const string Lynne = "00000000-0000-0000-0000-0000000000025";  // staff
    public static readonly string[] Everyone = [Alex, Megan, Adele, Isaiah, Patti, Lynne];

    private readonly DevHostFactory _factory;

    public ReviewHost(string storage, DateTimeOffset start, IDictionary<string, string?>? settings = null)
    {
        Clock = new FakeTimeProvider(start);
        _factory = new DevHostFactory(storage, settings, s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<IConnectorClient>(Connector);
        });
        Client = _factory.CreateClient();
        var book = Get<IChatAddressBook>();
        foreach (var person in Everyone)
        {
            book.SaveAsync(new ChatAddress(person, "29:" + person, null, "conv-" + person, "http://127.0.0.1:9/_connector", "t", "bot", start)).GetAwaiter().GetResult();
        }
    }

    public FakeTimeProvider Clock { get; }

    public RecordingConnector Connector { get; } = new();

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public T Get<T>()
        where T : notnull => _factory.Services.GetRequiredService<T>();

    public async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string user, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Aims-User", user);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Registers an AI system owned by <paramref name="owner"/> at <paramref name="stage"/> (Alex records it); its id.</summary>
    public async Task<string> SystemAsync(string name, string owner, Core.Register.LifecycleStage stage)
    {
        var details = new Core.Register.AiSystemDetails(name, "Purpose of " + name, null, owner, "Lending", stage, Core.Register.AiSystemRole.Deployer, "gradient boosting",
            null, [new Core.Register.DataSource("Applications", Core.Register.DataClassification.Personal)], ["Applicants"], "Analyst reviews", Core.Register.AutonomyLevel.HumanInTheLoop,
            Core.Register.EuAiActRiskClass.High, Core.Register.ImpactAssessmentStatus.InProgress, null, null, null, []);
        var id = "ais-" + Guid.NewGuid().ToString("N")[..10];
        await Get<Application.Register.RegisterService>().CreateAsync(details, new Core.Identity.Actor(Alex, "Alex Wilber"), id);
        return id;
    }

    /// <summary>
    /// Presses an Action.Execute button as <paramref name="actor"/> through the real activity router; returns the card answered.
    /// The same <paramref name="activityId"/> twice is what Teams sends when it retries a press.
    /// </summary>
    public async Task<string> PressAsync(string actor, string verb, IReadOnlyDictionary<string, string?> data, string? activityId = null)
    {
        var router = _factory.Services.GetServices<Aims.Teams.Conversations.IActivityHandler>().Single();
        var activity = BotTurns.Press(actor, verb, data, activityId);
        var response = await router.HandleAsync(new Aims.Teams.Conversations.TurnContext(activity, new Uri(activity.ServiceUrl!), Connector, CancellationToken.None));
        return JsonSerializer.Serialize(response!.Body, CardJson.Options);
    }

    public void Dispose()
    {
        Client.Dispose();
        _factory.Dispose();
    }
}
