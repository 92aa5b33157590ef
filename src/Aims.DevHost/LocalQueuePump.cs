using Aims.Application.Work;
using Aims.Infrastructure.Storage;
using Azure.Storage.Queues;

namespace Aims.DevHost;

/// <summary>
/// Does locally what Functions queue triggers do: receive, dispatch to the shared handler, delete on success,
/// retry with a growing visibility delay, and move to <c>{queue}-poison</c> after the fifth failed attempt.
/// </summary>
public sealed class LocalQueuePump(StorageClients clients, QueueDispatcher dispatcher, ILogger<LocalQueuePump> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(dispatcher.Queues.Select(q => PumpAsync(q, stoppingToken)));

    private async Task PumpAsync(string queueName, CancellationToken stoppingToken)
    {
        var queue = clients.Queues.GetQueueClient(queueName);
        var poison = clients.Queues.GetQueueClient(queueName + AimsQueues.PoisonSuffix);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = (await queue.ReceiveMessagesAsync(maxMessages: 16, visibilityTimeout: TimeSpan.FromSeconds(30), stoppingToken)).Value;
                if (batch.Length == 0)
                {
                    await Task.Delay(Idle, stoppingToken);
                    continue;
                }

                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stoppingToken }, async (message, ct) =>
                {
                    try
                    {
                        await dispatcher.DispatchAsync(queueName, message.MessageText, message.DequeueCount, ct);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        await FailAsync(queue, poison, message, ex, ct);
                    }
                });
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Queue {Queue} could not be read; retrying", queueName);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    private async Task FailAsync(QueueClient queue, QueueClient poison, Azure.Storage.Queues.Models.QueueMessage message, Exception ex, CancellationToken ct)
    {
        if (message.DequeueCount >= AimsQueues.MaxDequeueCount)
        {
            logger.LogError(ex, "Message {MessageId} of {Queue} failed {Count} times; moved to the poison queue", message.MessageId, queue.Name, message.DequeueCount);
            await poison.SendMessageAsync(message.MessageText, ct);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            return;
        }

        var delay = TimeSpan.FromSeconds(Math.Pow(2, message.DequeueCount));
        logger.LogWarning(ex, "Message {MessageId} of {Queue} failed (attempt {Count}); retrying in {Delay}", message.MessageId, queue.Name, message.DequeueCount, delay);
        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: delay, cancellationToken: ct);
    }
}
