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
/// The reporter is always stored; when <see cref="Anonymous"/> other people's cards and lists do not show them.
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
        Anonymous ? this with { ReporterObjectId = "anonymous", ReporterName = "anonymous" } : this;

    /// <summary>Who others see as the reporter.</summary>
    public string ReporterShownTo(string viewerObjectId) =>
        Anonymous && !string.Equals(viewerObjectId, ReporterObjectId, StringComparison.OrdinalIgnoreCase) ? "anonymous" : ReporterName;
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
