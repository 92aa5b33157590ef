using Aims.Application.Work;
using Aims.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Work;

/// <summary>
/// Runs queued work in tests whose host does not pump queues: receives the items of a queue and hands each to the app's
/// <see cref="QueueDispatcher"/>, as the Functions trigger and the DevHost's pump do. Items the filter does not take (another
/// test class's, on a shared Azurite) are left on the queue.
/// </summary>
internal static class QueueDrain
{
    /// <summary>Handles every decision announcement queued for <paramref name="subjectId"/> (or all of them); returns how many.</summary>
    public static Task<int> AnnouncementsAsync(IServiceProvider services, string? subjectId = null) =>
        DrainAsync(services, AimsQueues.DecisionAnnouncements, text => subjectId is null
            || string.Equals(QueueMessages.Read<DecisionAnnouncement>(text, 1).SubjectId, subjectId, StringComparison.OrdinalIgnoreCase));

    public static async Task<int> DrainAsync(IServiceProvider services, string queue, Func<string, bool> take)
    {
        var client = services.GetRequiredService<StorageClients>().Queues.GetQueueClient(queue);
        await client.CreateIfNotExistsAsync();
        var dispatcher = services.GetRequiredService<QueueDispatcher>();
        var handled = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var items = (await client.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromSeconds(2))).Value;
            var fresh = items.Where(i => seen.Add(i.MessageId)).ToList();
            if (fresh.Count == 0)
            {
                return handled;
            }

            foreach (var item in fresh)
            {
                if (!take(item.MessageText))
                {
                    continue;
                }

                await dispatcher.DispatchAsync(queue, item.MessageText, item.DequeueCount, CancellationToken.None);
                await client.DeleteMessageAsync(item.MessageId, item.PopReceipt);
                handled++;
            }
        }
    }
}
