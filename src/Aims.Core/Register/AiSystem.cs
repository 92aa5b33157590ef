namespace Aims.Core.Register;

/// <summary>Life cycle stages of an AI system (ISO/IEC 22989 / ISO/IEC 42001 A.6.2).</summary>
public enum LifecycleStage
{
    Concept,
    Design,
    Development,
    VerificationAndValidation,
    Deployment,
    OperationAndMonitoring,
    Retirement,
}

/// <summary>The organisation's role towards the AI system (ISO/IEC 42001 4.1, ISO/IEC 22989 AI roles).</summary>
public enum AiSystemRole
{
    Developer,
    Provider,
    Deployer,
    User,
}

/// <summary>EU AI Act risk classification (indicative, as assessed by the organisation).</summary>
public enum EuAiActRiskClass
{
    Prohibited,
    High,
    Limited,
    Minimal,
    GeneralPurpose,
}

public enum ImpactAssessmentStatus
{
    NotStarted,
    InProgress,
    Completed,
    NotRequired,
}

/// <summary>How far the system acts on its own.</summary>
public enum AutonomyLevel
{
    /// <summary>Gives information; people decide.</summary>
    DecisionSupport,

    /// <summary>Proposes decisions that a person confirms one by one.</summary>
    HumanInTheLoop,

    /// <summary>Decides on its own; a person monitors and can intervene.</summary>
    HumanOnTheLoop,

    /// <summary>Decides and acts without routine human intervention.</summary>
    Autonomous,
}

public enum DataClassification
{
    Public,
    Internal,
    Confidential,
    Personal,
    SensitivePersonal,
}

/// <summary>A data source the system uses, with its classification (A.7).</summary>
public sealed record DataSource(string Name, DataClassification Classification);

/// <summary>The editable facts of an AI system, validated (see <see cref="AiSystemValidator"/>).</summary>
public sealed record AiSystemDetails(
    string Name,
    string Purpose,
    string? IntendedUse,
    string OwnerObjectId,
    string BusinessUnit,
    LifecycleStage Stage,
    AiSystemRole OurRole,
    string ModelType,
    string? ThirdPartyProvider,
    IReadOnlyList<DataSource> DataSources,
    IReadOnlyList<string> ImpactedParties,
    string? HumanOversight,
    AutonomyLevel AutonomyLevel,
    EuAiActRiskClass RiskClass,
    ImpactAssessmentStatus ImpactAssessmentStatus,
    DateOnly? ImpactAssessmentDate,
    DateOnly? LastReviewDate,
    DateOnly? NextReviewDate,
    IReadOnlyList<string> LinkedRiskIds)
{
    /// <summary>
    /// Who decides the system's life cycle gates (A.6.2): never its owner, and never the one who requests a gate. Null: no gate
    /// can be requested until an AIMS manager names one.
    /// </summary>
    public string? GateApproverObjectId { get; init; }
}

/// <summary>
/// An entry of the AI system inventory (ISO/IEC 42001 4.3 scope, A.4.2 resource documentation). Retired systems stay in
/// the register (read-only) so the record of what ran, and when, is kept.
/// </summary>
public sealed record AiSystem(
    string Id,
    AiSystemDetails Details,
    bool Retired,
    DateTimeOffset? RetiredAt,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public string Name => Details.Name;

    /// <summary>
    /// When the system last changed significantly (<see cref="SignificantChange"/>): an impact assessment approved before it
    /// is out of date, and the changed system does not pass the deployment gate until one is approved again.
    /// </summary>
    public DateTimeOffset? SignificantChangeAt { get; init; }

    /// <summary>The system taken out of service: retired flag and date set, stage moved to Retirement. Already retired: unchanged.</summary>
    public AiSystem Retire(DateTimeOffset at, string by) => Retired
        ? this
        : this with { Retired = true, RetiredAt = at, Details = Details with { Stage = LifecycleStage.Retirement }, UpdatedAt = at, UpdatedBy = by };
}

/// <summary>A stored system with the version (ETag) it was read at, for optimistic concurrency.</summary>
public sealed record VersionedAiSystem(AiSystem System, string ETag);

/// <summary>Filters of a register listing; all combine with AND. Retired systems are left out unless asked for.</summary>
public sealed record AiSystemQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public LifecycleStage? Stage { get; init; }
    public EuAiActRiskClass? RiskClass { get; init; }
    public string? OwnerObjectId { get; init; }
    public string? BusinessUnit { get; init; }
    public bool IncludeRetired { get; init; }
    public int PageSize { get; init; } = DefaultPageSize;
    public string? ContinuationToken { get; init; }
}

/// <summary>One page; the listing is complete only when <see cref="ContinuationToken"/> is null (a page may be short, even empty).</summary>
public sealed record AiSystemPage(IReadOnlyList<VersionedAiSystem> Items, string? ContinuationToken);

/// <summary>One write of an import: a new system, or a replacement of an existing one read at <see cref="ExpectedETag"/>.</summary>
public sealed record RegisterWrite(AiSystem System, string? ExpectedETag);

/// <summary>
/// Port: the AI system inventory. Writes use optimistic concurrency: an update names the ETag it read and fails with
/// <see cref="ConcurrencyConflictException"/> when the stored system changed meanwhile.
/// </summary>
public interface IAiSystemRegistry
{
    Task<VersionedAiSystem?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<AiSystemPage> ListAsync(AiSystemQuery query, CancellationToken cancellationToken = default);

    /// <summary>Adds a new system; <see cref="ConcurrencyConflictException"/> when the id exists.</summary>
    Task<VersionedAiSystem> CreateAsync(AiSystem system, CancellationToken cancellationToken = default);

    /// <summary>Replaces the system if it is still at <paramref name="expectedETag"/>.</summary>
    Task<VersionedAiSystem> UpdateAsync(AiSystem system, string expectedETag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Retires the system (<see cref="AiSystem.Retire"/>), checked against <paramref name="expectedETag"/> when given. Null when
    /// no such system exists.
    /// </summary>
    Task<VersionedAiSystem?> RetireAsync(string id, DateTimeOffset at, string by, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a batch all or nothing: creates (ExpectedETag null) and updates (checked against their ETag). When any write
    /// fails, the writes already made are undone and <see cref="ConcurrencyConflictException"/> is thrown.
    /// </summary>
    Task<IReadOnlyList<VersionedAiSystem>> WriteAllAsync(IReadOnlyList<RegisterWrite> writes, CancellationToken cancellationToken = default);
}

/// <summary>A write lost a race: the item changed (or appeared) since it was read. The HTTP API answers 409.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);
