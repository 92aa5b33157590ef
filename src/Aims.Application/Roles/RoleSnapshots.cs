using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aims.Application.Work;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Roles;

/// <summary>What a snapshot run did.</summary>
public sealed record RoleSnapshotResult(string Fingerprint, bool Changed, EvidenceItem? Recorded, IReadOnlyDictionary<AimsRole, int> MemberCounts);

/// <summary>
/// Who holds which AIMS role (ISO/IEC 42001 clause 5.3, Annex A control A.3.2), as evidence. Reads the transitive members
/// of every role's configured groups one page at a time, fingerprints them (SHA-256 over the sorted role to member ids),
/// and records a <see cref="EvidenceKind.RoleSnapshot"/> when asked to always, or when the fingerprint differs from
/// the last recorded one.
/// </summary>
public sealed class RoleSnapshotter(
    IDirectoryClient directory,
    RoleGroupOptions groups,
    IEvidenceStore evidence,
    IRoleSnapshotLog snapshots,
    TimeProvider time,
    ILogger<RoleSnapshotter> logger)
{
    public const string Subject = "roles";
    internal static readonly string[] Clauses = ["5.3"];
    internal static readonly string[] Controls = ["A.3.2"];

    public async Task<RoleSnapshotResult> TakeAsync(bool recordUnchanged, CancellationToken cancellationToken = default)
    {
        var takenAt = time.GetUtcNow();
        var roles = new List<(AimsRole Role, IReadOnlyList<string> Groups, SortedDictionary<string, string> Members)>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var role in Enum.GetValues<AimsRole>())
        {
            var roleGroups = groups.GroupsFor(role);
            if (roleGroups.Count == 0)
            {
                logger.LogWarning("AIMS role {Role} has no Entra group configured (Directory:Groups:{Role}); its snapshot is empty", role, role);
            }

            // Sorted by object id, de-duplicated across the role's groups; only ids and names are kept, page by page.
            var members = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var group in roleGroups)
            {
                await ReadMembersAsync(group, members, cancellationToken);
            }

            Append(hash, role.ToString());
            foreach (var id in members.Keys)
            {
                Append(hash, id);
            }

            hash.AppendData([0]); // end of role
            roles.Add((role, roleGroups, members));
        }

        var fingerprint = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        var counts = roles.ToDictionary(r => r.Role, r => r.Members.Count);
        var last = await snapshots.GetLastAsync(cancellationToken);
        var changed = !string.Equals(last?.Fingerprint, fingerprint, StringComparison.Ordinal);
        if (!changed && !recordUnchanged)
        {
            logger.LogInformation("Role membership unchanged since {LastTakenAt:o} ({Fingerprint}); nothing recorded", last!.TakenAt, fingerprint);
            return new RoleSnapshotResult(fingerprint, Changed: false, Recorded: null, counts);
        }

        var payload = Payload(takenAt, fingerprint, last?.Fingerprint, changed, roles);
        var summary = $"Role snapshot{(changed ? (last is null ? " (first)" : " (membership changed)") : " (daily, unchanged)")}: " +
            string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}")));
        var item = await evidence.RecordAsync(
            new NewEvidence(EvidenceKind.RoleSnapshot, Subject, Actor.System, Clauses, Controls, fingerprint, summary, payload, NewEvidence.JsonContentType, takenAt),
            cancellationToken);
        await snapshots.SaveLastAsync(new RoleSnapshotMark(fingerprint, takenAt, item.Id), cancellationToken);
        logger.LogInformation("Role snapshot {EvidenceId} recorded ({Fingerprint}, changed: {Changed}, {MemberCount} role assignments)",
            item.Id, fingerprint, changed, counts.Values.Sum());
        return new RoleSnapshotResult(fingerprint, changed, item, counts);
    }

    private async Task ReadMembersAsync(string group, SortedDictionary<string, string> members, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await directory.GetGroupMembersPageAsync(group, token, cancellationToken);
            foreach (var user in page.Items)
            {
                members.TryAdd(user.ObjectId.ToLowerInvariant(), user.DisplayName);
            }

            if (page.ContinuationToken is not null && string.Equals(page.ContinuationToken, token, StringComparison.Ordinal))
            {
                throw new DirectoryUnavailableException($"The directory returned the same continuation token twice for the members of group {group}.");
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    private static void Append(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        hash.AppendData(bytes);
        hash.AppendData([(byte)'\n']);
    }

    private static ReadOnlyMemory<byte> Payload(
        DateTimeOffset takenAt,
        string fingerprint,
        string? previousFingerprint,
        bool changed,
        List<(AimsRole Role, IReadOnlyList<string> Groups, SortedDictionary<string, string> Members)> roles)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("takenAt", EvidenceEnvelope.FormatTime(takenAt));
            w.WriteString("fingerprint", fingerprint);
            w.WriteString("previousFingerprint", previousFingerprint);
            w.WriteBoolean("changed", changed);
            w.WriteStartObject("groups");
            foreach (var (role, roleGroups, _) in roles)
            {
                w.WriteStartArray(role.ToString());
                foreach (var g in roleGroups)
                {
                    w.WriteStringValue(g);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteStartObject("roles");
            foreach (var (role, _, members) in roles)
            {
                w.WriteStartArray(role.ToString());
                foreach (var (id, displayName) in members)
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteString("displayName", displayName);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}

/// <summary>The daily role snapshot: always recorded, changed or not (<see cref="AimsSchedules.RoleSnapshot"/>).</summary>
public sealed class RoleSnapshotJob(RoleSnapshotter snapshotter) : IScheduledJob
{
    public string Name => AimsSchedules.RoleSnapshotJob;

    public Task RunAsync(CancellationToken cancellationToken) => snapshotter.TakeAsync(recordUnchanged: true, cancellationToken);
}

/// <summary>The hourly check: records a snapshot only when role membership changed (<see cref="AimsSchedules.RoleChangeCheck"/>).</summary>
public sealed class RoleChangeCheckJob(RoleSnapshotter snapshotter) : IScheduledJob
{
    public string Name => AimsSchedules.RoleChangeCheckJob;

    public Task RunAsync(CancellationToken cancellationToken) => snapshotter.TakeAsync(recordUnchanged: false, cancellationToken);
}
