namespace Aims.Core.Directory;

/// <summary>The last recorded role snapshot: its fingerprint (SHA-256 over the sorted role-to-member ids) and evidence item.</summary>
public sealed record RoleSnapshotMark(string Fingerprint, DateTimeOffset TakenAt, string EvidenceId);

/// <summary>Port: where the fingerprint of the last recorded role snapshot is kept, to record again only on change.</summary>
public interface IRoleSnapshotLog
{
    Task<RoleSnapshotMark?> GetLastAsync(CancellationToken cancellationToken = default);

    Task SaveLastAsync(RoleSnapshotMark mark, CancellationToken cancellationToken = default);
}
