using System.Text.Json;
using Aims.Application.Roles;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Infrastructure.Directory;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Roles;

/// <summary>Clause 5.3 evidence from the demo directory, recorded to the real evidence store on Azurite.</summary>
public sealed class RoleSnapshotTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";
    private const string Megan = "00000000-0000-0000-0000-0000000000021";
    private const string Adele = "00000000-0000-0000-0000-0000000000022";
    private const string Isaiah = "00000000-0000-0000-0000-0000000000023";
    private const string Patti = "00000000-0000-0000-0000-0000000000024";
    private const string Nestor = "00000000-0000-0000-0000-0000000000029";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 2, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Records_the_first_snapshot_nothing_while_unchanged_and_again_after_a_membership_change()
    {
        await using var storage = await StorageHarness.CreateAsync(azurite.ConnectionString);
        var store = storage.GetRequiredService<IEvidenceStore>();
        var document = LoadDemoDirectory();

        // First hourly check: nothing recorded before, so this is a change.
        var first = await Snapshotter(storage, document).TakeAsync(recordUnchanged: false);
        Assert.True(first.Changed);
        var item = Assert.IsType<EvidenceItem>(first.Recorded);
        Assert.Equal(EvidenceKind.RoleSnapshot, item.Kind);
        Assert.Equal(RoleSnapshotter.Subject, item.Subject);
        Assert.Equal(["5.3"], item.Clauses);
        Assert.Equal(["A.3.2"], item.Controls);
        Assert.Equal(Actor.System, item.Actor);
        Assert.Equal(_time.GetUtcNow(), item.RecordedAt);
        Assert.StartsWith("Role snapshot (first): AimsManager 1, RiskOwner 3, TopManagement 1, Auditor 1, Staff 10", item.Summary, StringComparison.Ordinal);

        using (var payload = await ReadPayloadAsync(store, item.Id))
        {
            var root = payload.RootElement;
            Assert.Equal(first.Fingerprint, root.GetProperty("fingerprint").GetString());
            Assert.Equal("2025-06-02T02:00:00.0000000Z", root.GetProperty("takenAt").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("previousFingerprint").ValueKind);
            var roles = root.GetProperty("roles");
            Assert.Equal([Alex], Ids(roles, "AimsManager"));
            Assert.Equal([Alex, Megan, Patti], Ids(roles, "RiskOwner"));
            Assert.Equal([Adele], Ids(roles, "TopManagement"));
            Assert.Equal([Isaiah], Ids(roles, "Auditor"));
            Assert.Equal(10, Ids(roles, "Staff").Count); // nested groups resolved transitively
            Assert.Equal("Alex Wilber", roles.GetProperty("AimsManager")[0].GetProperty("displayName").GetString());
            Assert.Equal(["g-risk-owners"], root.GetProperty("groups").GetProperty("RiskOwner").EnumerateArray().Select(g => g.GetString()));
        }

        // An hour later, nothing changed: the hourly check records nothing.
        _time.Advance(TimeSpan.FromHours(1));
        var unchanged = await Snapshotter(storage, document).TakeAsync(recordUnchanged: false);
        Assert.False(unchanged.Changed);
        Assert.Null(unchanged.Recorded);
        Assert.Equal(first.Fingerprint, unchanged.Fingerprint);
        Assert.Single(await RoleSnapshotsAsync(store));

        // Patti leaves the risk owners, Nestor joins internal audit.
        document.Groups.Single(g => g.Id == "g-risk-owners").Members.Remove(Patti);
        document.Groups.Single(g => g.Id == "g-auditors").Members.Add(Nestor);
        _time.Advance(TimeSpan.FromHours(1));
        var changed = await Snapshotter(storage, document).TakeAsync(recordUnchanged: false);
        Assert.True(changed.Changed);
        Assert.NotEqual(first.Fingerprint, changed.Fingerprint);
        Assert.StartsWith("Role snapshot (membership changed):", changed.Recorded!.Summary, StringComparison.Ordinal);
        using (var payload = await ReadPayloadAsync(store, changed.Recorded.Id))
        {
            var roles = payload.RootElement.GetProperty("roles");
            Assert.Equal([Alex, Megan], Ids(roles, "RiskOwner"));
            Assert.Equal([Isaiah, Nestor], Ids(roles, "Auditor"));
            Assert.Equal(first.Fingerprint, payload.RootElement.GetProperty("previousFingerprint").GetString());
        }

        // The daily snapshot records even when nothing changed since.
        _time.Advance(TimeSpan.FromHours(1));
        var daily = await Snapshotter(storage, document).TakeAsync(recordUnchanged: true);
        Assert.False(daily.Changed);
        Assert.StartsWith("Role snapshot (daily, unchanged):", daily.Recorded!.Summary, StringComparison.Ordinal);
        Assert.Equal(3, (await RoleSnapshotsAsync(store)).Count);
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task The_fingerprint_depends_on_membership_only_not_on_names_or_page_order()
    {
        await using var storage = await StorageHarness.CreateAsync(azurite.ConnectionString);
        var document = LoadDemoDirectory();
        var before = await Snapshotter(storage, document).TakeAsync(recordUnchanged: false);

        document.Users.Single(u => u.Id == Alex).DisplayName = "Alex Wilber-Smith";
        var staff = document.Groups.Single(g => g.Id == "g-staff");
        var reversed = staff.Members.Reverse().ToList();
        staff.Members.Clear();
        foreach (var member in reversed)
        {
            staff.Members.Add(member);
        }

        var after = await Snapshotter(storage, document).TakeAsync(recordUnchanged: false);

        Assert.Equal(before.Fingerprint, after.Fingerprint);
        Assert.Null(after.Recorded);
    }

    [Fact]
    public async Task Large_groups_are_read_page_by_page_and_an_outage_records_nothing()
    {
        await using var storage = await StorageHarness.CreateAsync(azurite.ConnectionString);
        var store = storage.GetRequiredService<IEvidenceStore>();
        var document = LoadDemoDirectory();
        var everyone = document.Groups.Single(g => g.Id == "g-staff");
        for (var i = 0; i < 2_500; i++)
        {
            var id = $"10000000-0000-0000-0000-{i:D12}";
            document.Users.Add(new LocalUser { Id = id, DisplayName = $"Employee {i}" });
            everyone.Members.Add(id);
        }

        var directory = new PageCountingDirectory(new LocalDirectoryClient(document));
        var result = await Snapshotter(storage, directory).TakeAsync(recordUnchanged: false);

        Assert.Equal(2_510, result.MemberCounts[AimsRole.Staff]);
        Assert.True(directory.StaffPages >= 26); // 100 per page in the local directory

        var failing = new PageCountingDirectory(new LocalDirectoryClient(document)) { FailOnStaffPage = 3 };
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => Snapshotter(storage, failing).TakeAsync(recordUnchanged: true));
        Assert.Single(await RoleSnapshotsAsync(store));
    }

    private RoleSnapshotter Snapshotter(IServiceProvider storage, LocalDirectoryDocument document) =>
        Snapshotter(storage, new LocalDirectoryClient(document));

    private RoleSnapshotter Snapshotter(IServiceProvider storage, IDirectoryClient directory) =>
        new(directory, DemoRoleGroups(), storage.GetRequiredService<IEvidenceStore>(), storage.GetRequiredService<IRoleSnapshotLog>(), _time, NullLogger<RoleSnapshotter>.Instance);

    internal static RoleGroupOptions DemoRoleGroups()
    {
        var groups = new RoleGroupOptions();
        groups.Groups["AimsManager"] = "g-aims-managers";
        groups.Groups["RiskOwner"] = "g-risk-owners";
        groups.Groups["TopManagement"] = "g-top-management";
        groups.Groups["Auditor"] = "g-auditors";
        groups.Groups["Staff"] = "g-staff";
        return groups;
    }

    internal static LocalDirectoryDocument LoadDemoDirectory() =>
        LocalDirectoryClient.Load(Path.Combine(TestEnvironment.RepoRoot, "src", "Aims.DevHost", "demo-directory.json")).Document;

    private static List<string> Ids(JsonElement roles, string role) =>
        [.. roles.GetProperty(role).EnumerateArray().Select(m => m.GetProperty("id").GetString()!)];

    private static async Task<JsonDocument> ReadPayloadAsync(IEvidenceStore store, string id)
    {
        await using var stream = await store.OpenPayloadAsync(id) ?? throw new InvalidOperationException($"No payload for {id}.");
        return await JsonDocument.ParseAsync(stream);
    }

    private static async Task<IReadOnlyList<EvidenceItem>> RoleSnapshotsAsync(IEvidenceStore store)
    {
        var items = new List<EvidenceItem>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(new EvidenceQuery { Kind = EvidenceKind.RoleSnapshot, ContinuationToken = token });
            items.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return items;
    }

    private sealed class PageCountingDirectory(IDirectoryClient inner) : IDirectoryClient
    {
        public int StaffPages { get; private set; }
        public int? FailOnStaffPage { get; init; }

        public string ProviderName => inner.ProviderName;

        public Task<IReadOnlySet<string>> GetTransitiveGroupIdsAsync(string userObjectId, CancellationToken cancellationToken = default) =>
            inner.GetTransitiveGroupIdsAsync(userObjectId, cancellationToken);

        public Task<DirectoryPage<DirectoryUser>> GetGroupMembersPageAsync(string groupObjectId, string? continuationToken, CancellationToken cancellationToken = default)
        {
            if (groupObjectId == "g-staff" && ++StaffPages == FailOnStaffPage)
            {
                throw new DirectoryUnavailableException("Microsoft Graph kept failing after 4 attempts: 503");
            }

            return inner.GetGroupMembersPageAsync(groupObjectId, continuationToken, cancellationToken);
        }

        public Task<DirectoryUser?> GetUserAsync(string userObjectId, CancellationToken cancellationToken = default) => inner.GetUserAsync(userObjectId, cancellationToken);

        public Task<DirectoryUser?> GetManagerAsync(string userObjectId, CancellationToken cancellationToken = default) => inner.GetManagerAsync(userObjectId, cancellationToken);
    }
}
