using Aims.Application.Work;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>Queue triggers, one per entry of <see cref="AimsQueues.All"/>; the connection is the app's storage setting.</summary>
public sealed class QueueFunctions(QueueDispatcher dispatcher)
{
    [Function("ProactiveMessages")]
    public Task ProactiveMessages(
        [QueueTrigger(AimsQueues.ProactiveMessages, Connection = "AimsStorage")] QueueMessage message,
        CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(AimsQueues.ProactiveMessages, message.MessageText, message.DequeueCount, cancellationToken);

    [Function("BotJobs")]
    public Task BotJobs(
        [QueueTrigger(AimsQueues.BotJobs, Connection = "AimsStorage")] QueueMessage message,
        CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(AimsQueues.BotJobs, message.MessageText, message.DequeueCount, cancellationToken);

    [Function("EvidenceMirror")]
    public Task EvidenceMirror(
        [QueueTrigger(AimsQueues.EvidenceMirror, Connection = "AimsStorage")] QueueMessage message,
        CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(AimsQueues.EvidenceMirror, message.MessageText, message.DequeueCount, cancellationToken);
    [Function("TrainingSends")]
    public Task TrainingSends(
        [QueueTrigger(AimsQueues.TrainingSends, Connection = "AimsStorage")] QueueMessage message,
        CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(AimsQueues.TrainingSends, message.MessageText, message.DequeueCount, cancellationToken);

    [Function("TrainingSendsPoison")]
    public Task TrainingSendsPoison(
        [QueueTrigger(AimsQueues.TrainingSendsPoison, Connection = "AimsStorage")] QueueMessage message,
        CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(AimsQueues.TrainingSendsPoison, message.MessageText, message.DequeueCount, cancellationToken);

    [Function("TrainingLaunch")]
    public Task TrainingLaunch(
        [QueueTrigger(AimsQueues.TrainingLaunch, Connection = "AimsStorage")] QueueMessage message,
        CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(AimsQueues.TrainingLaunch, message.MessageText, message.DequeueCount, cancellationToken);

    [Function("TrainingLaunchPoison")]
    public Task TrainingLaunchPoison(
        [QueueTrigger(AimsQueues.TrainingLaunchPoison, Connection = "AimsStorage")] QueueMessage message,
        CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(AimsQueues.TrainingLaunchPoison, message.MessageText, message.DequeueCount, cancellationToken);

    [Function("DecisionAnnouncements")]
    public Task DecisionAnnouncements(
        [QueueTrigger(AimsQueues.DecisionAnnouncements, Connection = "AimsStorage")] QueueMessage message,
        CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(AimsQueues.DecisionAnnouncements, message.MessageText, message.DequeueCount, cancellationToken);
}
