using Aims.Application.Tests.Reviews;
using Aims.Core.Directory;
using Aims.Teams.Connector;
using Aims.Teams.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Work;

/// <summary>
/// A Bot Connector and a directory that take 5 s per call on a clock only the test moves: an invoke that waited for one of them
/// would never answer, so a press that answers proves it made no such call.
/// </summary>
internal static class SlowTeams
{
    public static T Resolve<T>(ServiceDescriptor descriptor, IServiceProvider services)
        where T : class =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    /// <summary>Handles the subject's queued announcements while moving the slow clock, so each 5 s call completes; returns how many.</summary>
    public static async Task<int> DrainAnnouncementsAsync(IServiceProvider services, SlowClock clock, string subjectId)
    {
        var drain = QueueDrain.AnnouncementsAsync(services, subjectId);
        while (!drain.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(drain, Task.Delay(10));
        }

        return await drain;
    }

    /// <summary>Replaces the registered directory with one whose group member listings and manager lookups are slow.</summary>
    public static void SlowDirectory(IServiceCollection services, SlowClock clock)
    {
        var directory = services.Last(d => d.ServiceType == typeof(IDirectoryClient));
        services.Remove(directory);
        services.AddSingleton<IDirectoryClient>(sp => new SlowDirectory(Resolve<IDirectoryClient>(directory, sp), clock));
    }
}

/// <summary>5 s per call on a fake clock, switched on after seeding (the demo seed looks up group members too).</summary>
internal sealed class SlowClock : FakeTimeProvider
{
    public volatile bool On;

    public Task WaitAsync(CancellationToken cancellationToken) => On ? Task.Delay(TimeSpan.FromSeconds(5), this, cancellationToken) : Task.CompletedTask;
}

/// <summary>A Bot Connector that takes 5 s (on the test's clock) per call, then records it.</summary>
internal sealed class SlowConnector(RecordingConnector inner, SlowClock clock) : IConnectorClient
{
    private int _started;

    /// <summary>Calls begun so far (each one then waits 5 s on the test's clock).</summary>
    public int Started => Volatile.Read(ref _started);

    private async Task<T> SlowAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        await clock.WaitAsync(cancellationToken);
        return await call();
    }

    public Task<ResourceResponse> SendToConversationAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default) =>
        SlowAsync(() => inner.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken), cancellationToken);

    public Task<ResourceResponse> ReplyToActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        SlowAsync(() => inner.ReplyToActivityAsync(serviceUrl, conversationId, activityId, activity, cancellationToken), cancellationToken);

    public Task<ResourceResponse> UpdateActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        SlowAsync(() => inner.UpdateActivityAsync(serviceUrl, conversationId, activityId, activity, cancellationToken), cancellationToken);

    public Task DeleteActivityAsync(Uri serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default) =>
        SlowAsync(async () => { await inner.DeleteActivityAsync(serviceUrl, conversationId, activityId, cancellationToken); return true; }, cancellationToken);

    public Task<ConversationResourceResponse> CreateConversationAsync(Uri serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default) =>
        SlowAsync(() => inner.CreateConversationAsync(serviceUrl, parameters, cancellationToken), cancellationToken);

    public Task<ChannelAccount?> GetMemberAsync(Uri serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken = default) =>
        SlowAsync(() => inner.GetMemberAsync(serviceUrl, conversationId, memberId, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<ChannelAccount>> GetMembersAsync(Uri serviceUrl, string conversationId, CancellationToken cancellationToken = default) =>
        SlowAsync(() => inner.GetMembersAsync(serviceUrl, conversationId, cancellationToken), cancellationToken);
}

/// <summary>A directory whose group member listings and manager lookups (what reaching the next approver needs) take 5 s each.</summary>
internal sealed class SlowDirectory(IDirectoryClient inner, SlowClock clock) : IDirectoryClient
{
    public string ProviderName => inner.ProviderName;

    public Task<IReadOnlySet<string>> GetTransitiveGroupIdsAsync(string userObjectId, CancellationToken cancellationToken = default) =>
        inner.GetTransitiveGroupIdsAsync(userObjectId, cancellationToken);

    public async Task<DirectoryPage<DirectoryUser>> GetGroupMembersPageAsync(string groupObjectId, string? continuationToken, CancellationToken cancellationToken = default)
    {
        await clock.WaitAsync(cancellationToken);
        return await inner.GetGroupMembersPageAsync(groupObjectId, continuationToken, cancellationToken);
    }

    public Task<DirectoryUser?> GetUserAsync(string userObjectId, CancellationToken cancellationToken = default) => inner.GetUserAsync(userObjectId, cancellationToken);

    public async Task<DirectoryUser?> GetManagerAsync(string userObjectId, CancellationToken cancellationToken = default)
    {
        await clock.WaitAsync(cancellationToken);
        return await inner.GetManagerAsync(userObjectId, cancellationToken);
    }
}
