using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aims.Application.Http;
using Aims.Application.Training;
using Aims.Core.Identity;
using Aims.Core.Training;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Aims.Application.Tests.Training;

/// <summary>Records training sends instead of calling Teams; <see cref="Behaviour"/> decides each outcome.</summary>
public sealed class RecordingMessenger : ITrainingMessenger
{
    private int _count;

    public ConcurrentQueue<(string ObjectId, AdaptiveCard Card)> Sent { get; } = new();

    public Func<string, DeliveryResult>? Behaviour { get; set; }

    public Task<DeliveryResult> SendCardAsync(string objectId, AdaptiveCard card, CancellationToken cancellationToken)
    {
        var result = Behaviour?.Invoke(objectId) ?? DeliveryResult.Sent("activity-" + Interlocked.Increment(ref _count), "conv-" + objectId);
        Sent.Enqueue((objectId, card));
        return Task.FromResult(result);
    }

    public IReadOnlyList<string> CardsTo(string objectId) => [.. Sent.Where(s => s.ObjectId == objectId).Select(s => s.Card.ToJson())];
}

/// <summary>
/// The DevHost in memory for training tests: a fake clock, a recording messenger, no scheduler (jobs are called directly) and,
/// unless asked for, no queue pump (handlers are called directly with the work items).
/// </summary>
internal sealed class TrainingHost : IDisposable
{
    public const string Alex = "00000000-0000-0000-0000-0000000000020";   // AimsManager
    public const string Megan = "00000000-0000-0000-0000-0000000000021";
    public const string Patti = "00000000-0000-0000-0000-0000000000024";  // manages Lynne and Lee
    public const string Lynne = "00000000-0000-0000-0000-0000000000025";
    public const string Lee = "00000000-0000-0000-0000-0000000000028";
    public const string Nestor = "00000000-0000-0000-0000-0000000000029"; // Staff only

    private readonly DevHostFactory _root;
    private readonly WebApplicationFactory<Program> _factory;

    /// <param name="storageConnection">Azurite.</param>
    /// <param name="pumpQueues">Run the DevHost's queue pump.</param>
    /// <param name="realMessenger">Send through the app's own messenger and Bot Connector client (to a loopback connector) instead of <see cref="Messenger"/>.</param>
    /// <param name="recordConnector">Answer the app's Bot Connector calls (card copies replaced) with <see cref="Connector"/>.</param>
    public TrainingHost(string storageConnection, bool pumpQueues = false, bool realMessenger = false, bool recordConnector = false)
    {
        _root = new DevHostFactory(storageConnection);
        _factory = _root.WithWebHostBuilder(b =>
        {
            // Test hosts run no background pump or timer unless asked: they would race the test (DevHostFactory turns both off).
            b.UseSetting("Dev:RunQueuesAndSchedules", pumpQueues ? "true" : "false");
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(Clock);
                if (!realMessenger)
                {
                    s.AddSingleton<ITrainingMessenger>(Messenger);
                }

                if (recordConnector)
                {
                    s.AddSingleton<IConnectorClient>(Connector);
                }

                foreach (var hosted in s.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "LocalScheduler").ToList())
                {
                    s.Remove(hosted);
                }
            });
        });
        Client = _factory.CreateClient();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    public RecordingMessenger Messenger { get; } = new();

    public Reviews.RecordingConnector Connector { get; } = new();

    public IServiceProvider Services => _factory.Services;

    public HttpClient Client { get; }

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public T Get<T>()
        where T : notnull => _factory.Services.GetRequiredService<T>();

    public T Handler<T>()
        where T : notnull => _factory.Services.GetServices<Aims.Application.Work.IQueueHandler>().OfType<T>().Single();

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? user, object? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (user is not null)
        {
            request.Headers.Add(ApiCallerResolver.DevelopmentUserHeader, user);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        return await Client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static Dictionary<string, object?> Campaign(string title, DateOnly due, params string[] groups) => new()
    {
        ["title"] = title,
        ["description"] = "Learn what " + title + " means.",
        ["courseUrl"] = "https://learn.example/course",
        ["materialName"] = "E-learning",
        ["materialVersion"] = "v1",
        ["materialSha256"] = new string('c', 64),
        ["statement"] = "I completed " + title + ".",
        ["audienceGroupIds"] = groups,
        ["dueDate"] = due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["reminderDaysBeforeDue"] = new[] { 7, 1 },
        ["escalationDaysAfterDue"] = 3,
    };

    /// <summary>Creates a draft through the API; returns its id.</summary>
    public async Task<string> CreateAsync(Dictionary<string, object?> body)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/campaigns", Alex, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>Creates and launches a campaign through the API; the queued items are left to whoever pumps the queue.</summary>
    public async Task<string> LaunchAsync(string title, DateOnly due, params string[] groups)
    {
        var id = await CreateAsync(Campaign(title, due, groups));
        using var launched = await SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/launch", Alex);
        Assert.Equal(HttpStatusCode.Accepted, launched.StatusCode);
        return id;
    }

    public async Task SendWorkAsync(string campaignId, string objectId, string version = "v1", string kind = TrainingSendWork.Attest, long attempt = 1) =>
        await Handler<TrainingSendHandler>().HandleAsync(JsonSerializer.Serialize(new TrainingSendWork(campaignId, version, objectId, kind)), attempt, CancellationToken.None);

    public Task<TrainingAssignment?> AssignmentAsync(string campaignId, string objectId) => Get<ITrainingAssignmentStore>().GetAsync(campaignId, objectId);

    /// <summary>Presses Attest as <paramref name="actor"/> on a card addressed to <paramref name="recipient"/>.</summary>
    public Task<string> PressAttestAsync(string actor, string campaignId, string recipient, string version = "v1", string confirm = "true") =>
        PressAsync(actor, TrainingAttestationCard.Verb, new Dictionary<string, string?> { ["campaignId"] = campaignId, ["version"] = version, ["recipient"] = recipient, ["confirm"] = confirm });

    /// <summary>Presses an Action.Execute button with <paramref name="verb"/> and <paramref name="data"/> (inputs included) as <paramref name="actor"/>; returns the card answered.</summary>
    public async Task<string> PressAsync(string actor, string verb, IReadOnlyDictionary<string, string?> data, string? cardMessageId = null)
    {
        var router = _factory.Services.GetServices<IActivityHandler>().Single();
        var activity = BotTurns.Press(actor, verb, data);
        activity.ReplyToId = cardMessageId;
        var response = await router.HandleAsync(new TurnContext(activity, new Uri(activity.ServiceUrl!), Mock.Of<IConnectorClient>(), CancellationToken.None));
        return JsonSerializer.Serialize(response!.Body, CardJson.Options);
    }

    /// <summary>Runs a bot command as <paramref name="user"/> and returns the cards it sent.</summary>
    public Task<IReadOnlyList<string>> RunCommandAsync(IBotCommand command, string user, AimsRole[] roles, string arguments) =>
        BotTurns.RunCommandAsync(command, user, roles, arguments);

    public void Dispose()
    {
        Client.Dispose();
        _factory.Dispose();
        _root.Dispose();
    }
}
