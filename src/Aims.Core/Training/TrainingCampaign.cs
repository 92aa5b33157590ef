using System.Security.Cryptography;
using System.Text;

namespace Aims.Core.Training;

/// <summary>Life cycle of a training campaign: drafted, launched to its audience, closed.</summary>
public enum CampaignState
{
    Draft,
    Launched,
    Closed,
}

/// <summary>Where an assignment stands for the current material version.</summary>
public enum AssignmentStatus
{
    Pending,
    Sent,
    Unreachable,
    Attested,
    Failed,
}

/// <summary>
/// The training material people attest to: a name, a version and optionally the SHA-256 of the attached document. When
/// <see cref="DocumentId"/> names a controlled document (document register), each newly approved version of it republishes
/// the campaign, so everyone attests again (7.3, 7.5).
/// </summary>
public sealed record TrainingMaterial(string Name, string Version, string? Sha256, string? DocumentId = null);

/// <summary>
/// A training campaign (ISO/IEC 42001 clauses 7.2 competence, 7.3 awareness; EU AI Act Art. 4 AI literacy): what people must
/// learn, who must attest to it by when, and how they are reminded and escalated.
/// </summary>
public sealed record TrainingCampaign(
    string Id,
    string Title,
    string Description,
    string CourseUrl,
    TrainingMaterial Material,
    string Statement,
    IReadOnlyList<string> AudienceGroupIds,
    IReadOnlyList<string> ExcludedObjectIds,
    DateOnly DueDate,
    IReadOnlyList<int> ReminderDaysBeforeDue,
    int EscalationDaysAfterDue,
    CampaignState State,
    IReadOnlyList<TrainingMaterial> MaterialHistory,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LaunchedAt = null,
    string? LaunchedBy = null,
    LaunchProgress? Progress = null)
{
    /// <summary>SHA-256 (hex) of the attestation statement as people saw it.</summary>
    public string StatementSha256 => Sha256Hex(Statement);

    /// <summary>Attestations after the end of the due date (UTC) are late.</summary>
    public bool IsLate(DateTimeOffset at) => at >= DueEnd;

    public DateTimeOffset DueEnd => new(DueDate.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public TrainingCampaign Launch(DateTimeOffset at, string by) =>
        State == CampaignState.Draft
            ? this with { State = CampaignState.Launched, LaunchedAt = at, LaunchedBy = by, Progress = LaunchProgress.Start(at) }
            : throw new InvalidOperationException($"Only a draft campaign can be launched (this one is {State}).");

    /// <summary>A new material version: everyone must attest again; the old version stays in the history.</summary>
    public TrainingCampaign Republish(TrainingMaterial material)
    {
        if (State != CampaignState.Launched)
        {
            throw new InvalidOperationException($"Only a launched campaign can be republished (this one is {State}).");
        }

        if (string.Equals(material.Version, Material.Version, StringComparison.Ordinal)
            || MaterialHistory.Any(m => string.Equals(m.Version, material.Version, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"Material version '{material.Version}' was already published in this campaign.");
        }

        return this with { Material = material, MaterialHistory = [.. MaterialHistory, Material] };
    }

    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>
/// How far the audience of a launched campaign is resolved: pages done, people assigned, and the cursor of the next page
/// (index into the audience groups and the directory's continuation token). Advanced one page per queue item. <see cref="Error"/>
/// says why the host gave up on the next page (its item went to the poison queue) until a resumed launch gets further.
/// </summary>
public sealed record LaunchProgress(int PagesDone, int People, int NextGroupIndex, string? NextToken, bool Complete, DateTimeOffset UpdatedAt, string? Error = null)
{
    public static LaunchProgress Start(DateTimeOffset at) => new(0, 0, 0, null, false, at);

    /// <summary>After one page: <paramref name="added"/> new people; the directory's <paramref name="continuationToken"/> (null: that group is done).</summary>
    public LaunchProgress Next(int added, string? continuationToken, int groupCount, DateTimeOffset at)
    {
        var group = continuationToken is null ? NextGroupIndex + 1 : NextGroupIndex;
        return new(PagesDone + 1, People + added, group, continuationToken, group >= groupCount, at);
    }
}

/// <summary>A campaign with its storage version (ETag) for optimistic concurrency.</summary>
public sealed record VersionedCampaign(TrainingCampaign Campaign, string ETag);

/// <summary>One person in a campaign's audience and where their attestation of the current material stands.</summary>
public sealed record TrainingAssignment(
    string CampaignId,
    string ObjectId,
    string DisplayName,
    string? Department,
    string GroupId,
    string MaterialVersion,
    AssignmentStatus Status,
    string? Reason,
    string? ActivityId,
    DateTimeOffset UpdatedAt,
    string? LastError = null,
    IReadOnlyList<int>? RemindersSent = null,
    bool Escalated = false);

/// <summary>A person's attestation of one material version: what they confirmed (hashes), when, and whether late.</summary>
public sealed record TrainingAttestation(
    string CampaignId,
    string MaterialVersion,
    string? MaterialSha256,
    string StatementSha256,
    string ObjectId,
    string DisplayName,
    DateTimeOffset At,
    bool Late,
    string? EvidenceId = null);

/// <summary>Port: campaigns, with ETags.</summary>
public interface ITrainingCampaignStore
{
    Task<VersionedCampaign?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<VersionedCampaign>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a campaign; <see cref="Register.ConcurrencyConflictException"/> when the id exists.</summary>
    Task<VersionedCampaign> CreateAsync(TrainingCampaign campaign, CancellationToken cancellationToken = default);

    /// <summary>Replaces the campaign if unchanged since <paramref name="expectedETag"/>; else <see cref="Register.ConcurrencyConflictException"/>.</summary>
    Task<VersionedCampaign> UpdateAsync(TrainingCampaign campaign, string expectedETag, CancellationToken cancellationToken = default);
}

/// <summary>Port: one assignment per campaign and person.</summary>
public interface ITrainingAssignmentStore
{
    Task<TrainingAssignment?> GetAsync(string campaignId, string objectId, CancellationToken cancellationToken = default);

    Task UpsertAsync(TrainingAssignment assignment, CancellationToken cancellationToken = default);

    /// <summary>Writes many assignments of one campaign (batched).</summary>
    Task UpsertManyAsync(IReadOnlyList<TrainingAssignment> assignments, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the assignments that do not exist yet and leaves existing ones as they are (a retried launch page must not reset a
    /// status already recorded); returns how many were new. One campaign, no duplicate people.
    /// </summary>
    Task<int> AddNewAsync(IReadOnlyList<TrainingAssignment> assignments, CancellationToken cancellationToken = default);

    IAsyncEnumerable<TrainingAssignment> ListAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Every assignment of one person, across campaigns, read through a per-person index (never a table scan).</summary>
    Task<IReadOnlyList<TrainingAssignment>> ListForPersonAsync(string objectId, CancellationToken cancellationToken = default);
}

/// <summary>Port: attestations, one per campaign, material version and person; never overwritten (older versions are history).</summary>
public interface ITrainingAttestationStore
{
    /// <summary>Adds the attestation; false when this person already attested this version (the first one stands).</summary>
    Task<bool> TryAddAsync(TrainingAttestation attestation, CancellationToken cancellationToken = default);

    Task<TrainingAttestation?> GetAsync(string campaignId, string materialVersion, string objectId, CancellationToken cancellationToken = default);

    /// <summary>Sets the evidence id of a recorded attestation.</summary>
    Task SetEvidenceAsync(TrainingAttestation attestation, string evidenceId, CancellationToken cancellationToken = default);

    /// <summary>Every attestation of the campaign, all versions.</summary>
    IAsyncEnumerable<TrainingAttestation> ListAsync(string campaignId, CancellationToken cancellationToken = default);
}
