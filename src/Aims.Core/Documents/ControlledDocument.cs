using System.Text.RegularExpressions;
using Aims.Core.Catalog;
using Aims.Core.Context;
using Aims.Core.Identity;

namespace Aims.Core.Documents;

/// <summary>What a controlled document is (5.2, 7.5; A.2.2 AI policy, A.5.2 impact assessment process).</summary>
public enum DocumentType
{
    AiPolicy,
    Procedure,
    ImpactAssessmentMethod,
    Standard,
    Guideline,
    Record,
    Other,
}

/// <summary>The status of a document version (and of the document: its newest version's).</summary>
public enum DocumentStatus
{
    Draft,
    InApproval,
    Approved,
    Retired,
}

public enum DocumentDecisionOutcome
{
    Submitted,
    Approved,
    Rejected,
    ChangesRequested,
}

/// <summary>A step in a version's approval, with who took it and their roles at that moment.</summary>
public sealed record DocumentDecision(string RequestId, DocumentDecisionOutcome Outcome, string ActorObjectId, string ActorName, IReadOnlyList<string> ActorRoles, string? Comment, DateTimeOffset At);

/// <summary>One version of a document: the file (hashed, stored as evidence) and its approval history.</summary>
public sealed record DocumentVersion(
    string Version,
    DocumentStatus Status,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    string EvidenceId,
    string? ChangeSummary,
    string UploadedBy,
    string UploadedByName,
    DateTimeOffset UploadedAt,
    IReadOnlyList<DocumentDecision> Decisions)
{
    public string? SubmittedBy => Decisions.LastOrDefault(d => d.Outcome == DocumentDecisionOutcome.Submitted)?.ActorObjectId;
}

/// <summary>
/// A controlled document of the AIMS (7.5.2 creating and updating, 7.5.3 control): AI policy, procedures, the impact assessment
/// method. Versions are never deleted; approving a version retires the previously approved one and sets the next review date.
/// </summary>
public sealed record ControlledDocument(
    string Id,
    string Title,
    DocumentType Type,
    string OwnerObjectId,
    int ReviewIntervalMonths,
    DateOnly? ReviewDate,
    IReadOnlyList<string> Controls,
    IReadOnlyList<DocumentVersion> Versions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    DateTimeOffset? LastReviewedAt = null)
{
    public DocumentVersion? Latest => Versions.Count == 0 ? null : Versions[^1];

    public DocumentVersion? CurrentApproved => Versions.LastOrDefault(v => v.Status == DocumentStatus.Approved);

    public DocumentStatus Status => Latest?.Status ?? DocumentStatus.Draft;

    public DocumentVersion? Find(string version) => Versions.FirstOrDefault(v => string.Equals(v.Version, version, StringComparison.Ordinal));

    /// <summary>Past its review date: an approved document that nobody reviewed in time (shown in gaps and the digest).</summary>
    public bool IsPastReview(DateOnly today) => CurrentApproved is not null && ReviewDate is { } due && due < today;

    /// <summary>The clauses a change of this document is evidence for.</summary>
    public IReadOnlyList<string> EvidenceClauses => Type == DocumentType.AiPolicy ? ["5.2", "7.5.1", "7.5.2", "7.5.3"] : ["7.5.1", "7.5.2", "7.5.3"];

    /// <summary>The controls a change of this document is evidence for: its own plus those of its type.</summary>
    public IReadOnlyList<string> EvidenceControls => [.. Controls.Concat(Type switch
    {
        DocumentType.AiPolicy => ["A.2.2", "A.2.3"],
        DocumentType.ImpactAssessmentMethod => ["A.5.2"],
        _ => Array.Empty<string>(),
    }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Who approves a version: top management for the AI policy (5.2), an AIMS manager for the rest.</summary>
    public AimsRole ApproverRole => Type == DocumentType.AiPolicy ? AimsRole.TopManagement : AimsRole.AimsManager;
}

/// <summary>A document as the API receives it (create or update of the metadata).</summary>
public sealed record DocumentRequest(string? Title, DocumentType? Type, string? OwnerObjectId, int? ReviewIntervalMonths, DateOnly? ReviewDate, IReadOnlyList<string>? Controls);

public static partial class DocumentValidator
{
    public const long MaxFileBytes = 25 * 1024 * 1024;
    public const int MaxVersionLength = 32;

    public static Dictionary<string, string[]> Validate(DocumentRequest? r)
    {
        var e = new Dictionary<string, string[]>();
        if (r is null)
        {
            e["body"] = ["A document object is required."];
            return e;
        }

        ContextValidator.Text(e, "title", r.Title, ContextValidator.MaxTitle, required: true);
        if (r.Type is null || !Enum.IsDefined(r.Type.Value)) e["type"] = [$"One of {string.Join(", ", Enum.GetNames<DocumentType>())}."];
        if (string.IsNullOrWhiteSpace(r.OwnerObjectId)) e["ownerObjectId"] = ["The owner's Entra object id is required."];
        if (r.ReviewIntervalMonths is not (>= 1 and <= 60)) e["reviewIntervalMonths"] = ["How often the document is reviewed, 1 to 60 months."];
        if (Iso42001Catalog.WhyNotControls(r.Controls) is { } why) e["controls"] = [why];

        return e;
    }

    public static string? WhyNotVersion(string? version) =>
        string.IsNullOrWhiteSpace(version) ? "A version label is required (like 1.0 or 2025-03)."
        : VersionLabel().IsMatch(version) ? null : $"A version label is 1-{MaxVersionLength} letters, digits, dots, dashes or underscores.";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
    private static partial Regex VersionLabel();
}

/// <summary>A document workflow step that is not allowed; the reason is safe to show.</summary>
public sealed class DocumentRefusedException(string reason) : Exception(reason);

/// <summary>
/// Approval of document versions, with the same separation of duties as risk approval: the person who submitted or wrote a
/// version never approves it, and only the approver role of the document type decides (top management for the AI policy).
/// A repeated press (same request id) changes nothing.
/// </summary>
public static class DocumentWorkflow
{
    public static bool AlreadyApplied(ControlledDocument document, string requestId) =>
        document.Versions.Any(v => v.Decisions.Any(d => string.Equals(d.RequestId, requestId, StringComparison.Ordinal)));

    public static ControlledDocument Submit(ControlledDocument document, string version, Actor actor, IReadOnlySet<AimsRole> roles, string requestId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(actor);
        if (AlreadyApplied(document, requestId)) return document;
        var v = document.Find(version) ?? throw new KeyNotFoundException($"Document {document.Id} has no version '{version}'.");
        if (v.Status != DocumentStatus.Draft) throw new DocumentRefusedException($"Version {version} is {v.Status}; only a draft is submitted for approval.");
        if (!roles.Contains(AimsRole.AimsManager) && !string.Equals(actor.ObjectId, document.OwnerObjectId, StringComparison.OrdinalIgnoreCase))
            throw new DocumentRefusedException("Only the document's owner or an AIMS manager submits a version for approval.");
        return With(document, v, DocumentStatus.InApproval, Decision(requestId, DocumentDecisionOutcome.Submitted, actor, roles, null, now), now, actor);
    }

    /// <summary>Why <paramref name="actor"/> may not decide on the version in approval now, or null when they may.</summary>
    public static string? WhyNot(ControlledDocument document, string actorObjectId, IReadOnlySet<AimsRole> roles)
    {
        ArgumentNullException.ThrowIfNull(document);
        var v = document.Versions.LastOrDefault(x => x.Status == DocumentStatus.InApproval);
        if (v is null) return "No version of this document is waiting for approval.";
        if (string.Equals(actorObjectId, v.SubmittedBy, StringComparison.OrdinalIgnoreCase)) return "You submitted this version, so you cannot approve it (separation of duties).";
        if (string.Equals(actorObjectId, v.UploadedBy, StringComparison.OrdinalIgnoreCase)) return "You wrote this version, so you cannot approve it (separation of duties).";
        return roles.Contains(document.ApproverRole) ? null : $"Approving a {Describe(document.Type)} needs the {document.ApproverRole} role, which you do not hold now.";
    }

    public static ControlledDocument Decide(ControlledDocument document, Actor actor, IReadOnlySet<AimsRole> roles, DocumentDecisionOutcome outcome, string? comment, string requestId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(actor);
        if (AlreadyApplied(document, requestId)) return document;
        if (outcome is not (DocumentDecisionOutcome.Approved or DocumentDecisionOutcome.Rejected or DocumentDecisionOutcome.ChangesRequested))
            throw new DocumentRefusedException($"'{outcome}' is not a decision a person takes on a card.");
        if (outcome != DocumentDecisionOutcome.Approved && string.IsNullOrWhiteSpace(comment))
            throw new DocumentRefusedException("A comment is required to reject or to request changes.");
        if (WhyNot(document, actor.ObjectId, roles) is { } why) throw new DocumentRefusedException(why);

        var v = document.Versions.Last(x => x.Status == DocumentStatus.InApproval);
        var decision = Decision(requestId, outcome, actor, roles, comment?.Trim(), now);
        if (outcome != DocumentDecisionOutcome.Approved)
        {
            return With(document, v, DocumentStatus.Draft, decision, now, actor);
        }

        // The approved version replaces the one before it, which stays as history (retired).
        var versions = document.Versions.Select(x =>
            ReferenceEquals(x, v) ? x with { Status = DocumentStatus.Approved, Decisions = [.. x.Decisions, decision] }
            : x.Status == DocumentStatus.Approved ? x with { Status = DocumentStatus.Retired }
            : x).ToList();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return document with { Versions = versions, ReviewDate = today.AddMonths(document.ReviewIntervalMonths), UpdatedAt = now, UpdatedBy = actor.ObjectId, LastReviewedAt = now };
    }

    public static string Describe(DocumentType type) => type switch
    {
        DocumentType.AiPolicy => "AI policy",
        DocumentType.ImpactAssessmentMethod => "impact assessment method",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static ControlledDocument With(ControlledDocument document, DocumentVersion v, DocumentStatus status, DocumentDecision decision, DateTimeOffset now, Actor actor) =>
        document with
        {
            Versions = [.. document.Versions.Select(x => ReferenceEquals(x, v) ? x with { Status = status, Decisions = [.. x.Decisions, decision] } : x)],
            UpdatedAt = now,
            UpdatedBy = actor.ObjectId,
        };

    private static DocumentDecision Decision(string requestId, DocumentDecisionOutcome outcome, Actor actor, IReadOnlySet<AimsRole> roles, string? comment, DateTimeOffset now) =>
        new(requestId, outcome, actor.ObjectId, actor.DisplayName, [.. roles.Select(r => r.ToString()).Order(StringComparer.Ordinal)], comment, now);
}
