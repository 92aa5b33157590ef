namespace Aims.Core.Reports;

public enum ReportKind
{
    Concern,
    Incident,
    Nonconformity,
}

public enum ReportSeverity
{
    Low,
    Medium,
    High,
    Critical,
}

public enum ReportStatus
{
    Open,
    Closed,
}

/// <summary>
/// A concern, incident or nonconformity reported by anyone (10.2, A.3.3 reporting of concerns, A.8.4 incidents), then handled
/// by the AIMS manager: owner, severity, root cause, corrective action with due date, effectiveness verification.
/// A named report stores its reporter; an anonymous one never holds the reporter's object id or name in plain text (see
/// <see cref="SealedReporter"/>), and no card, list, evidence item or pack shows them to anyone else.
/// </summary>
public sealed record NonconformityReport
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = string.Empty;
    public ReportKind Kind { get; init; }
    public string? AiSystemId { get; init; }
    public bool Anonymous { get; init; }
    public required string ReporterObjectId { get; init; }
    public required string ReporterName { get; init; }

    /// <summary>What the row holds as reporter id and name of an anonymous report.</summary>
    public const string AnonymousMarker = "anonymous";

    /// <summary>An anonymous reporter's identity, encrypted (readable only through the audited reveal); null when none is kept.</summary>
    public string? SealedReporter { get; init; }

    /// <summary>A keyed hash of an anonymous reporter's object id, so they still see the report as theirs; null when none is kept.</summary>
    public string? ReporterLookup { get; init; }

    /// <summary>An anonymous report stored before reporters were protected: its row still names the reporter (the migration job fixes it).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HoldsPlainAnonymousReporter => Anonymous && SealedReporter is null && ReporterObjectId != AnonymousMarker;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? OwnerObjectId { get; init; }
    public ReportSeverity? Severity { get; init; }
    public string? RootCause { get; init; }
    public string? CorrectiveAction { get; init; }
    public DateOnly? CorrectiveActionDueDate { get; init; }
    public string? EffectivenessVerification { get; init; }
    public ReportStatus Status { get; init; } = ReportStatus.Open;
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The 10.2 records (see <see cref="CorrectiveActionWorkflow"/>); null until recorded.</summary>
    public Correction? Correction { get; init; }

    public CorrectiveActionRecord? CorrectiveActionRecord { get; init; }

    public SimilarNonconformityCheck? SimilarCheck { get; init; }

    public EffectivenessReview? Effectiveness { get; init; }

    /// <summary>The report as evidence keeps it: for an anonymous report, without anything that identifies the reporter.</summary>
    public NonconformityReport ForEvidence() =>
        Anonymous ? this with { ReporterObjectId = AnonymousMarker, ReporterName = AnonymousMarker, SealedReporter = null, ReporterLookup = null } : this;

    /// <summary>Whether the viewer sent this report (for an anonymous one: by <paramref name="viewerLookup"/>, their keyed hash).</summary>
    public bool IsReporter(string viewerObjectId, string? viewerLookup) =>
        Anonymous && !HoldsPlainAnonymousReporter
            ? viewerLookup is not null && ReporterLookup is not null && string.Equals(viewerLookup, ReporterLookup, StringComparison.Ordinal)
            : string.Equals(viewerObjectId, ReporterObjectId, StringComparison.OrdinalIgnoreCase);

    /// <summary>Who the viewer sees as the reporter.</summary>
    public string ReporterShownTo(bool viewerIsReporter) =>
        !Anonymous ? ReporterName : viewerIsReporter ? "you (anonymous to others)" : AnonymousMarker;
}

public sealed record VersionedReport(NonconformityReport Report, string ETag);

/// <summary>Port: reported concerns, incidents and nonconformities.</summary>
public interface IReportStore
{
    /// <summary>A new readable id ("NC-7").</summary>
    Task<string> NextIdAsync(CancellationToken cancellationToken = default);

    Task<VersionedReport> CreateAsync(NonconformityReport report, CancellationToken cancellationToken = default);

    Task<VersionedReport?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the report if it still has <paramref name="expectedETag"/>; else <see cref="Register.ConcurrencyConflictException"/>.</summary>
    Task<VersionedReport> UpdateAsync(NonconformityReport report, string expectedETag, CancellationToken cancellationToken = default);

    IAsyncEnumerable<NonconformityReport> ListAllAsync(CancellationToken cancellationToken = default);
}
