using System.Diagnostics;
using Aims.Application.Work;
using Aims.Core.Telemetry;
using Aims.Infrastructure.Storage;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aims.Application.Tests.Work;

/// <summary>The shared pump: typed items read in one place, a span per item, malformed items straight to poison.</summary>
public sealed class QueueDispatcherTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_queue_item_is_handled_by_its_queue_handler_inside_a_span_naming_the_queue_and_attempt()
    {
        await using var storage = await StorageHarness.CreateAsync(azurite.ConnectionString);
        var queue = "q-" + Guid.NewGuid().ToString("N")[..10];
        var traced = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AimsTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (traced) traced.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        var handler = new RecordingHandler(queue);
        var dispatcher = new QueueDispatcher([handler], new WorkQueue(storage.GetRequiredService<StorageClients>()), NullLogger<QueueDispatcher>.Instance);

        await dispatcher.DispatchAsync(queue, QueueMessages.Serialize(new Ping("one")), 3, CancellationToken.None);

        Assert.Equal(["one"], handler.Texts);
        Assert.Equal(queue, handler.SpanQueue);
        Activity span;
        lock (traced) span = Assert.Single(traced, a => (string?)a.GetTagItem(AimsTelemetry.QueueTag) == queue);
        Assert.Equal($"queue {queue}", span.OperationName);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal(3L, span.GetTagItem(AimsTelemetry.DequeueCountTag));
        await Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.DispatchAsync("no-such-queue", "{}", 1, CancellationToken.None));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"text\":\"from the future\",\"schemaVersion\":2}")]
    [InlineData("{\"text\":\"\"}")]
    public async Task A_malformed_item_goes_to_poison_once_without_reaching_the_handler(string item)
    {
        await using var storage = await StorageHarness.CreateAsync(azurite.ConnectionString);
        var clients = storage.GetRequiredService<StorageClients>();
        var queue = "q-" + Guid.NewGuid().ToString("N")[..10];
        var handler = new RecordingHandler(queue);
        var dispatcher = new QueueDispatcher([handler], new WorkQueue(clients), NullLogger<QueueDispatcher>.Instance);

        await dispatcher.DispatchAsync(queue, item, 1, CancellationToken.None); // no exception: the host deletes the item, no retries

        Assert.Empty(handler.Texts);
        var poison = clients.Queues.GetQueueClient(queue + AimsQueues.PoisonSuffix);
        var moved = (await poison.ReceiveMessagesAsync(maxMessages: 10)).Value;
        Assert.Equal(item, Assert.Single(moved).MessageText);
        await poison.DeleteAsync();
    }

    [Fact]
    public void Items_written_before_the_schema_version_existed_read_as_version_1()
    {
        var old = QueueMessages.Read<Ping>("{\"Text\":\"legacy\"}", supportedSchemaVersion: 1);
        Assert.Equal(("legacy", 1), (old.Text, old.SchemaVersion));
        Assert.Contains("\"schemaVersion\":1", QueueMessages.Serialize(new Ping("x")), StringComparison.Ordinal);
    }

    private sealed record Ping(string? Text) : IQueueMessage
    {
        public int SchemaVersion { get; init; } = 1;
    }

    private sealed class RecordingHandler(string queue) : QueueHandler<Ping>
    {
        public override string QueueName => queue;

        public List<string> Texts { get; } = [];

        public string? SpanQueue { get; private set; }

        protected override Task HandleAsync(Ping message, long dequeueCount, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(message.Text))
            {
                throw new MalformedQueueMessageException("A ping without text.");
            }

            Texts.Add(message.Text);
            SpanQueue = Activity.Current?.GetTagItem(AimsTelemetry.QueueTag) as string;
            return Task.CompletedTask;
        }
    }
}
