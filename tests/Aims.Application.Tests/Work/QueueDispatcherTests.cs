using System.Diagnostics;
using Aims.Application.Work;
using Aims.Core.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aims.Application.Tests.Work;

public sealed class QueueDispatcherTests
{
    [Fact]
    public async Task A_queue_item_is_handled_by_its_queue_handler_inside_a_span_naming_the_queue_and_attempt()
    {
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
        var dispatcher = new QueueDispatcher([handler], NullLogger<QueueDispatcher>.Instance);

        await dispatcher.DispatchAsync(queue, "{\"n\":1}", 3, CancellationToken.None);

        Assert.Equal(["{\"n\":1}"], handler.Messages);
        Assert.Equal(queue, handler.SpanQueue);
        Activity span;
        lock (traced) span = Assert.Single(traced, a => (string?)a.GetTagItem(AimsTelemetry.QueueTag) == queue);
        Assert.Equal($"queue {queue}", span.OperationName);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal(3L, span.GetTagItem(AimsTelemetry.DequeueCountTag));
        await Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.DispatchAsync("no-such-queue", "{}", 1, CancellationToken.None));
    }

    private sealed class RecordingHandler(string queue) : IQueueHandler
    {
        public string QueueName => queue;

        public List<string> Messages { get; } = [];

        public string? SpanQueue { get; private set; }

        public Task HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken)
        {
            Messages.Add(message);
            SpanQueue = Activity.Current?.GetTagItem(AimsTelemetry.QueueTag) as string;
            return Task.CompletedTask;
        }
    }
}
