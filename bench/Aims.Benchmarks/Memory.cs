using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Aims.Core.Messaging;
using Aims.Core.Training;

namespace Aims.Benchmarks;

internal sealed class MemoryCampaigns : ITrainingCampaignStore
{
    private readonly ConcurrentDictionary<string, VersionedCampaign> _items = new();

    public Task<VersionedCampaign?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_items.TryGetValue(id, out var c) ? c : null);

    public Task<IReadOnlyList<VersionedCampaign>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<VersionedCampaign>>([.. _items.Values]);

    public Task<VersionedCampaign> CreateAsync(TrainingCampaign campaign, CancellationToken cancellationToken = default) =>
        Task.FromResult(_items[campaign.Id] = new VersionedCampaign(campaign, "1"));

    public Task<VersionedCampaign> UpdateAsync(TrainingCampaign campaign, string expectedETag, CancellationToken cancellationToken = default) =>
        Task.FromResult(_items[campaign.Id] = new VersionedCampaign(campaign, (int.Parse(expectedETag, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

internal sealed class MemoryAssignments : ITrainingAssignmentStore
{
    private readonly ConcurrentDictionary<(string, string), TrainingAssignment> _items = new();

    public IEnumerable<TrainingAssignment> All => _items.Values;

    public Task<TrainingAssignment?> GetAsync(string campaignId, string objectId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_items.TryGetValue((campaignId, objectId), out var a) ? a : null);

    public Task UpsertAsync(TrainingAssignment assignment, CancellationToken cancellationToken = default)
    {
        _items[(assignment.CampaignId, assignment.ObjectId)] = assignment;
        return Task.CompletedTask;
    }

    public async Task UpsertManyAsync(IReadOnlyList<TrainingAssignment> assignments, CancellationToken cancellationToken = default)
    {
        foreach (var a in assignments)
        {
            await UpsertAsync(a, cancellationToken);
        }
    }

    public Task<int> AddNewAsync(IReadOnlyList<TrainingAssignment> assignments, CancellationToken cancellationToken = default) =>
        Task.FromResult(assignments.Count(a => _items.TryAdd((a.CampaignId, a.ObjectId), a)));

    public async IAsyncEnumerable<TrainingAssignment> ListAsync(string campaignId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var a in _items.Values.Where(a => a.CampaignId == campaignId))
        {
            yield return a;
        }
    }

    public Task<IReadOnlyList<TrainingAssignment>> ListForPersonAsync(string objectId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TrainingAssignment>>([.. _items.Values.Where(a => a.ObjectId == objectId)]);
}

internal sealed class MemoryDeliveryLog : IDeliveryLog
{
    private readonly ConcurrentDictionary<(string, string), DeliveryRecord> _items = new();

    public Task<bool> TryClaimAsync(string idempotencyKey, string recipientObjectId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_items.TryAdd((idempotencyKey, recipientObjectId), new DeliveryRecord(idempotencyKey, recipientObjectId, "claimed", null, DateTimeOffset.UtcNow)));

    public Task ReleaseAsync(string idempotencyKey, string recipientObjectId, CancellationToken cancellationToken = default)
    {
        _items.TryRemove((idempotencyKey, recipientObjectId), out _);
        return Task.CompletedTask;
    }

    public Task CompleteAsync(string idempotencyKey, string recipientObjectId, string outcome, string? activityId, CancellationToken cancellationToken = default)
    {
        _items[(idempotencyKey, recipientObjectId)] = new DeliveryRecord(idempotencyKey, recipientObjectId, outcome, activityId, DateTimeOffset.UtcNow);
        return Task.CompletedTask;
    }

    public Task<DeliveryRecord?> FindAsync(string idempotencyKey, string recipientObjectId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_items.TryGetValue((idempotencyKey, recipientObjectId), out var r) ? r : null);
}

internal sealed class MemoryAddressBook : IChatAddressBook
{
    private readonly ConcurrentDictionary<string, ChatAddress> _items = new(StringComparer.OrdinalIgnoreCase);

    public Task SaveAsync(ChatAddress address, CancellationToken cancellationToken = default)
    {
        _items[address.AadObjectId] = address;
        return Task.CompletedTask;
    }

    public Task<ChatAddress?> FindAsync(string aadObjectId, CancellationToken cancellationToken = default) => Task.FromResult(_items.TryGetValue(aadObjectId, out var a) ? a : null);

    public Task SaveRosterSourceAsync(RosterSource source, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<RosterSource>> ListRosterSourcesAsync(string? tenantId, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<RosterSource>>([]);
}
