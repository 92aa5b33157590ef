// Training fan-out benchmark (issue 8): N people, each one training-sends item handled by the real TrainingSendHandler, the real
// ProactiveMessenger and the real ConnectorClient (retries honouring Retry-After) against a loopback fake Bot Connector that
// enforces a per-app limit with 429 + Retry-After and answers a share of requests 503. Several sender instances (separate
// service providers, as separate function instances) share one per-app budget through TableSharedRateLimiter on an Azurite
// started from node_modules (or AIMS_BENCH_STORAGE). The other storage is in memory and shared (the point is the channel side);
// 5 % of the items arrive twice to check exactly-once sending.
//
//   dotnet run -c Release --project bench/Aims.Benchmarks -- [people=10000] [clientRps=50] [serverRps=50] [503 share=0.02] [instances=2]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Aims.Application.Training;
using Aims.Benchmarks;
using Aims.Core.Messaging;
using Aims.Infrastructure.Messaging;
using Aims.Infrastructure.Storage;
using Aims.Core.Training;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var people = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var clientRps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
var serverRps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
var unavailableShare = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 0.02;
var instanceCount = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2;
using var azurite = new Aims.Testing.AzuriteFixture();
var storage = new StorageClients(new StorageOptions { ConnectionString = azurite.ConnectionString });
await storage.Tables.CreateTableIfNotExistsAsync(TableSharedRateLimiter.TableName);
var limiterName = "bench-" + Guid.NewGuid().ToString("N");

// The fake Bot Connector: a one-second window per app; over the limit 429 with Retry-After: 1.
var received = new ConcurrentDictionary<string, int>();
long throttled = 0, unavailable = 0, windowStart = 0, windowCount = 0;
var gate = new object();
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
var fake = builder.Build();
fake.MapPost("/v3/conversations/{id}/activities", (string id, HttpContext context) =>
{
    var now = Environment.TickCount64 / 1000;
    lock (gate)
    {
        if (now != windowStart)
        {
            windowStart = now;
            windowCount = 0;
        }

        if (++windowCount > serverRps)
        {
            Interlocked.Increment(ref throttled);
            context.Response.Headers.RetryAfter = "1";
            return Results.StatusCode(429);
        }
    }

    if (Random.Shared.NextDouble() < unavailableShare)
    {
        Interlocked.Increment(ref unavailable);
        return Results.StatusCode(503);
    }

    received.AddOrUpdate(id, 1, (_, n) => n + 1);
    return Results.Json(new { id = Guid.NewGuid().ToString("N") });
});
await fake.StartAsync();
var serviceUrl = new Uri(fake.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Bot:AppRequestsPerSecond"] = clientRps.ToString(CultureInfo.InvariantCulture),
    ["Bot:TrustedServiceUrls:0"] = serviceUrl.AbsoluteUri,
    ["Bot:Connector:BaseDelay"] = "00:00:00.200",
    ["Bot:Connector:MaxDelay"] = "00:00:05",
    ["Bot:Connector:AppQueueLimit"] = "100000",
}).Build();
var campaigns = new MemoryCampaigns();
var assignments = new MemoryAssignments();
var addresses = new MemoryAddressBook();
var deliveries = new MemoryDeliveryLog();
var limiters = new List<TableSharedRateLimiter>();
var handlers = new List<TrainingSendHandler>();
for (var i = 0; i < instanceCount; i++)
{
    // One function instance: its own connector, resilience pipeline and limiter object; the storage (and budget row) is shared.
    var limiter = new TableSharedRateLimiter(storage, limiterName, clientRps, TimeSpan.FromSeconds(1), 10, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<TableSharedRateLimiter>.Instance);
    limiters.Add(limiter);
    handlers.Add(new ServiceCollection()
        .AddLogging(l => l.SetMinimumLevel(LogLevel.Error))
        .AddSingleton(TimeProvider.System)
        .AddSingleton<ISharedRateLimiter>(limiter)
        .AddBotConnector(configuration)
        .AddSingleton<IChatAddressBook>(addresses)
        .AddSingleton(new Aims.Infrastructure.Directory.TeamsAppInstallOptions())
        .AddSingleton<ProactiveMessenger>()
        .AddSingleton<ITrainingMessenger, ProactiveTrainingMessenger>()
        .AddSingleton<IDeliveryLog>(deliveries)
        .AddSingleton<ITrainingCampaignStore>(campaigns)
        .AddSingleton<ITrainingAssignmentStore>(assignments)
        .AddSingleton<TrainingSendHandler>()
        .BuildServiceProvider()
        .GetRequiredService<TrainingSendHandler>());
}

var now0 = DateTimeOffset.UtcNow;
var campaign = new TrainingCampaign("bench", "AI literacy (benchmark)", "Benchmark campaign.", "https://learn.example/c", new TrainingMaterial("E-learning", "v1", null),
    "I completed the training.", ["g-all"], [], DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), [7], 7, CampaignState.Launched, [], now0, "bench");
await campaigns.CreateAsync(campaign);
var items = new List<string>();
for (var i = 0; i < people; i++)
{
    var oid = $"user-{i:D6}";
    await assignments.UpsertAsync(new TrainingAssignment("bench", oid, oid, "Bench", "g-all", "v1", AssignmentStatus.Pending, null, null, now0));
    await addresses.SaveAsync(new ChatAddress(oid, "29:" + oid, oid, "a:" + oid, serviceUrl.AbsoluteUri, "tenant", "28:bot", now0));
    var message = JsonSerializer.Serialize(new TrainingSendWork("bench", "v1", oid));
    items.Add(message);
    if (i % 20 == 0)
    {
        items.Add(message); // a duplicate delivery of the same work item
    }
}

Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items));
long poisoned = 0, redelivered = 0;
var work = new ConcurrentQueue<string>(items);
var clock = Stopwatch.StartNew();
Console.WriteLine($"{people} people ({items.Count} work items), {instanceCount} instances sharing {clientRps}/s, server {serverRps}/s, 503 share {unavailableShare:P0}: running…");
await Task.WhenAll(handlers.Select(handler => Parallel.ForEachAsync(Enumerable.Range(0, 32), async (_, ct) =>
{
    // Each instance pulls from the one queue; as the Functions host: up to five deliveries, then the poison queue.
    while (work.TryDequeue(out var message))
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                await handler.HandleAsync(message, attempt, ct);
                break;
            }
            catch (Exception) when (attempt < 5)
            {
                Interlocked.Increment(ref redelivered);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref poisoned);
            }
        }
    }
})));
clock.Stop();

var statuses = assignments.All.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
var duplicates = received.Values.Count(n => n > 1);
var lost = people - received.Count;
var achieved = received.Count / clock.Elapsed.TotalSeconds;
Console.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:F1} s, {achieved:F1} delivered/s of {serverRps} allowed ({100 * achieved / serverRps:F0} %), {received.Count / clock.Elapsed.TotalHours:F0}/h");
Console.WriteLine($"duplicates {duplicates}, lost {lost}; shared limiter: {limiters.Sum(l => l.Claims)} block claims ({limiters.Sum(l => l.Claims) / clock.Elapsed.TotalSeconds:F1} storage writes/s) by {instanceCount} instances");
Console.WriteLine($"server: {received.Count} people received a card, {duplicates} received more than one, {throttled} answered 429, {unavailable} answered 503");
Console.WriteLine($"host: {redelivered} redeliveries, {poisoned} poisoned; assignments {string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}"))}");
await fake.StopAsync();
return duplicates == 0 && lost == 0 ? 0 : 1;
