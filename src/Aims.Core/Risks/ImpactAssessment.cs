using Aims.Core.Identity;

namespace Aims.Core.Risks;

public enum ImpactScope
{
    Individuals,
    Groups,
    Society,
}

public enum ImpactSeverity
{
    Negligible,
    Minor,
    Moderate,
    Major,
    Severe,
}

public enum AssessmentState
{
    Draft,
    Submitted,
    Approved,
    Rejected,
}

/// <summary>One assessed impact of an AI system (A.5.4 individuals and groups, A.5.5 society).</summary>
public sealed record Impact(ImpactScope Scope, string Description, ImpactSeverity Severity, IReadOnlyList<string> AffectedParties)
{
    /// <summary>How likely the harm is, 1 (rare) to 5 (almost certain).</summary>
    public int? Likelihood { get; init; }

    public Reversibility? Reversibility { get; init; }

    public HarmScale? Scale { get; init; }

    /// <summary>What addresses the harm; the risks and Annex A controls that carry it are <see cref="RiskIds"/> and <see cref="Controls"/>.</summary>
    public string? Measures { get; init; }

    public IReadOnlyList<string> RiskIds { get; init; } = [];

    public IReadOnlyList<string> Controls { get; init; } = [];
}

/// <summary>
/// An AI system impact assessment (clauses 6.1.4 and 8.4, controls A.5.2-A.5.5): the impacts on individuals, groups and
/// society, linked to the risks they inform. Approved by the AI system's owner or an AIMS manager, never by its submitter.
/// </summary>
public sealed record ImpactAssessment
{
    public required string Id { get; init; }
    public required string AiSystemId { get; init; }
    public required string Title { get; init; }
    public IReadOnlyList<Impact> Impacts { get; init; } = [];

    // What ISO/IEC 42005 asks an assessment to describe; required before it is submitted.
    public string? SystemDescription { get; init; }
    public string? IntendedUses { get; init; }
    public string? ForeseeableMisuse { get; init; }
    public string? DataAndQuality { get; init; }
    public string? ModelInformation { get; init; }
    public string? DeploymentEnvironment { get; init; }
    public string? Benefits { get; init; }

    /// <summary>Sensitive or restricted uses, and the thresholds that call for extra review.</summary>
    public string? SensitiveUses { get; init; }
    public string? ReviewTriggers { get; init; }
    public DateOnly? ReviewDate { get; init; }

    /// <summary>1 for the first assessment of a system's change; a new version starts from the last approved one.</summary>
    public int Version { get; init; } = 1;
    public string? PreviousVersionId { get; init; }
    public IReadOnlyList<string> LinkedRiskIds { get; init; } = [];
    public AssessmentState State { get; init; } = AssessmentState.Draft;
    /// <summary>Who wrote the assessment (its author never approves it).</summary>
    public string? CreatedBy { get; init; }
    public string? SubmittedBy { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public string? DecidedBy { get; init; }
    public string? DecidedByName { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? Comment { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Revision { get; init; }

    /// <summary>Set when a review cycle, the review date or a significant change asks for a re-assessment; cleared by "reviewed, no change".</summary>
    public AssessmentReviewRequest? ReviewRequested { get; init; }

    /// <summary>Re-assessments that kept this approved version valid ("reviewed, no change"), oldest first.</summary>
    public IReadOnlyList<AssessmentReview> Reviews { get; init; } = [];

    /// <summary>When the next review is due: the last re-assessment's date, else the assessment's own review date.</summary>
    public DateOnly? NextReviewDate => Reviews.Count > 0 ? Reviews[^1].NextReviewDate : ReviewDate;

    public ImpactSeverity HighestSeverity => Impacts.Count == 0 ? ImpactSeverity.Negligible : Impacts.Max(i => i.Severity);
}

/// <summary>A request to re-assess an approved assessment: the review task that asked, why, and by when.</summary>
public sealed record AssessmentReviewRequest(string TaskId, string Reason, DateTimeOffset RequestedAt, DateTimeOffset DueAt);

/// <summary>A re-assessment that found the approved version still valid: why, the next review date, by whom and when.</summary>
public sealed record AssessmentReview(string Reason, DateOnly NextReviewDate, string ReviewedBy, string ReviewedByName, DateTimeOffset ReviewedAt);

/// <summary>Validation and transitions of impact assessments.</summary>
public static class ImpactAssessmentWorkflow
{
    public static IReadOnlyDictionary<string, string> Validate(ImpactAssessment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(a.AiSystemId)) e["aiSystemId"] = "The AI system assessed is required.";
        if (string.IsNullOrWhiteSpace(a.Title)) e["title"] = "A title is required.";
        else if (a.Title.Length > 200) e["title"] = "The title is longer than 200 characters.";
        if (a.Impacts.Count == 0) e["impacts"] = "At least one impact is required.";
        foreach (var (field, value) in new[]
        {
            ("systemDescription", a.SystemDescription), ("intendedUses", a.IntendedUses), ("foreseeableMisuse", a.ForeseeableMisuse), ("dataAndQuality", a.DataAndQuality),
            ("modelInformation", a.ModelInformation), ("deploymentEnvironment", a.DeploymentEnvironment), ("benefits", a.Benefits), ("sensitiveUses", a.SensitiveUses), ("reviewTriggers", a.ReviewTriggers),
        })
        {
            if (value is { Length: > 4000 }) e[field] = "At most 4000 characters.";
        }

        for (var i = 0; i < a.Impacts.Count; i++)
        {
            var impact = a.Impacts[i];
            if (string.IsNullOrWhiteSpace(impact.Description)) e[$"impacts[{i}].description"] = "Describe the impact.";
            if (!Enum.IsDefined(impact.Scope)) e[$"impacts[{i}].scope"] = "Individuals, Groups or Society.";
            if (!Enum.IsDefined(impact.Severity)) e[$"impacts[{i}].severity"] = "Negligible, Minor, Moderate, Major or Severe.";
            if (impact.AffectedParties is not { Count: > 0 }) e[$"impacts[{i}].affectedParties"] = "Name at least one affected party.";
            if (impact.Measures is { Length: > 4000 }) e[$"impacts[{i}].measures"] = "At most 4000 characters.";
            if (Catalog.Iso42001Catalog.WhyNotControls(impact.Controls) is { } why) e[$"impacts[{i}].controls"] = why;
        }

        return e;
    }

    /// <summary>
    /// What a draft still lacks of what ISO/IEC 42005 asks for (by field): the system and its uses, foreseeable misuse, data,
    /// model, deployment environment, review triggers and date, and per harm its likelihood, reversibility, scale and measures.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Completeness(ImpactAssessment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var e = new Dictionary<string, string>();
        void Need(string field, string? value, string what)
        {
            if (string.IsNullOrWhiteSpace(value)) e[field] = what;
        }

        Need("systemDescription", a.SystemDescription, "Describe the system and its functions.");
        Need("intendedUses", a.IntendedUses, "State the intended uses.");
        Need("foreseeableMisuse", a.ForeseeableMisuse, "State the reasonably foreseeable misuse.");
        Need("dataAndQuality", a.DataAndQuality, "Describe the data used and its quality.");
        Need("modelInformation", a.ModelInformation, "Describe the model.");
        Need("deploymentEnvironment", a.DeploymentEnvironment, "Describe where and how the system is deployed.");
        Need("reviewTriggers", a.ReviewTriggers, "Say what triggers a new assessment.");
        if (a.ReviewDate is null) e["reviewDate"] = "Set the date of the next review.";
        for (var i = 0; i < a.Impacts.Count; i++)
        {
            var impact = a.Impacts[i];
            if (impact.Likelihood is not (>= 1 and <= 5)) e[$"impacts[{i}].likelihood"] = "Likelihood from 1 (rare) to 5 (almost certain).";
            if (impact.Reversibility is not { } r || !Enum.IsDefined(r)) e[$"impacts[{i}].reversibility"] = "Reversible, PartlyReversible or Irreversible.";
            if (impact.Scale is not { } sc || !Enum.IsDefined(sc)) e[$"impacts[{i}].scale"] = "Few, Many or Widespread.";
            Need($"impacts[{i}].measures", impact.Measures, "Say what addresses this harm.");
        }

        return e;
    }

    public static ImpactAssessment Submit(ImpactAssessment a, Actor actor, IReadOnlySet<AimsRole> roles, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(roles);
        if (a.State is not (AssessmentState.Draft or AssessmentState.Rejected))
        {
            throw new WorkflowRefusedException($"This impact assessment is {a.State}; only drafts and rejected assessments can be submitted.");
        }

        if (!roles.Contains(AimsRole.AimsManager) && !roles.Contains(AimsRole.RiskOwner))
        {
            throw new WorkflowRefusedException("Submitting an impact assessment needs the AimsManager or RiskOwner role.");
        }

        var problems = new Dictionary<string, string>(Validate(a));
        foreach (var (field, problem) in Completeness(a))
        {
            problems[field] = problem;
        }

        if (problems.Count > 0)
        {
            throw new WorkflowRefusedException("The assessment is not complete: " + string.Join("; ", problems.Select(p => $"{p.Key}: {p.Value}")));
        }

        return a with { State = AssessmentState.Submitted, SubmittedBy = actor.ObjectId, SubmittedAt = now, DecidedBy = null, DecidedByName = null, DecidedAt = null, Comment = null, Revision = a.Revision + 1 };
    }

    /// <summary>Why <paramref name="actorObjectId"/> may not decide <paramref name="a"/>, or null when they may.</summary>
    public static string? WhyNot(ImpactAssessment a, string actorObjectId, IReadOnlySet<AimsRole> roles, string systemOwnerObjectId)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(roles);
        if (a.State != AssessmentState.Submitted)
        {
            return $"This impact assessment is {a.State}; there is nothing to decide.";
        }

        if (string.Equals(actorObjectId, a.SubmittedBy, StringComparison.OrdinalIgnoreCase) || string.Equals(actorObjectId, a.CreatedBy, StringComparison.OrdinalIgnoreCase))
        {
            return "You wrote or submitted this assessment, so you cannot decide on it (separation of duties).";
        }

        if (string.Equals(actorObjectId, systemOwnerObjectId, StringComparison.OrdinalIgnoreCase))
        {
            return "You own this AI system, so its impact assessment needs an independent reviewer (separation of duties).";
        }

        return roles.Contains(AimsRole.AimsManager) || roles.Contains(AimsRole.TopManagement)
            ? null
            : "Impact assessments are reviewed by an AIMS manager or top management.";
    }

    /// <summary>The latest approved of <paramref name="assessments"/> (what gates, cards and re-assessments consider), or null.</summary>
    public static ImpactAssessment? LatestApproved(IEnumerable<ImpactAssessment> assessments) =>
        assessments.Where(a => a.State == AssessmentState.Approved && a.DecidedAt is not null).MaxBy(a => a.DecidedAt);

    /// <summary>Why an approved assessment is no longer current at <paramref name="now"/> (its review date passed, or a requested review is overdue); null when it is.</summary>
    public static string? WhyReviewOverdue(ImpactAssessment a, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.NextReviewDate is { } date && DateOnly.FromDateTime(now.UtcDateTime) > date)
        {
            return $"its review date {date:yyyy-MM-dd} has passed";
        }

        return a.ReviewRequested is { } r && now > r.DueAt ? $"the review requested on {r.RequestedAt.UtcDateTime:yyyy-MM-dd} was due {r.DueAt.UtcDateTime:yyyy-MM-dd}" : null;
    }

    /// <summary>
    /// Records a re-assessment that keeps an approved version valid: by an independent reviewer as for an approval (an AIMS
    /// manager or top management, never its author, submitter or the system's owner), with a reason and a later review date.
    /// </summary>
    public static ImpactAssessment ReviewUnchanged(ImpactAssessment a, Actor actor, IReadOnlySet<AimsRole> roles, string systemOwnerObjectId, string? reason, DateOnly? nextReviewDate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(actor);
        if (a.State != AssessmentState.Approved)
        {
            throw new WorkflowRefusedException($"This impact assessment is {a.State}; only an approved version is reviewed (edit or decide the draft instead).");
        }

        if (WhyNot(a with { State = AssessmentState.Submitted }, actor.ObjectId, roles, systemOwnerObjectId) is { } why)
        {
            throw new WorkflowRefusedException(why);
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(reason)) errors["reason"] = ["Say why the assessment is still valid."];
        else if (reason.Length > 1000) errors["reason"] = ["At most 1000 characters."];
        if (nextReviewDate is not { } next) errors["nextReviewDate"] = ["Set the date of the next review."];
        else if (next <= today) errors["nextReviewDate"] = ["The next review date must be after today."];
        else if (next > today.AddYears(3)) errors["nextReviewDate"] = ["At most three years ahead."];
        Records.RecordValidationException.ThrowIfAny(errors);
        return a with
        {
            Reviews = [.. a.Reviews, new AssessmentReview(reason!.Trim(), nextReviewDate!.Value, actor.ObjectId, actor.DisplayName, now)],
            ReviewRequested = null,
            Revision = a.Revision + 1,
        };
    }

    /// <summary>Approves or rejects: an independent reviewer (an AIMS manager or top management), never the author, the submitter or the system's owner.</summary>
    public static ImpactAssessment Decide(ImpactAssessment a, Actor actor, IReadOnlySet<AimsRole> roles, string systemOwnerObjectId, bool approve, string? comment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(actor);
        if (WhyNot(a, actor.ObjectId, roles, systemOwnerObjectId) is { } why)
        {
            throw new WorkflowRefusedException(why);
        }

        if (!approve && string.IsNullOrWhiteSpace(comment))
        {
            throw new WorkflowRefusedException("A comment is required to reject an assessment.");
        }

        return a with
        {
            State = approve ? AssessmentState.Approved : AssessmentState.Rejected,
            DecidedBy = actor.ObjectId,
            DecidedByName = actor.DisplayName,
            DecidedAt = now,
            Comment = comment?.Trim(),
            Revision = a.Revision + 1,
        };
    }
}

public sealed record VersionedAssessment(ImpactAssessment Assessment, string ETag);

/// <summary>Port: impact assessments.</summary>
public interface IImpactAssessmentStore
{
    Task<string> NextIdAsync(CancellationToken cancellationToken = default);

    Task<VersionedAssessment?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<VersionedAssessment>> ListForSystemAsync(string? aiSystemId, CancellationToken cancellationToken = default);

    Task<VersionedAssessment> CreateAsync(ImpactAssessment assessment, CancellationToken cancellationToken = default);

    Task<VersionedAssessment> UpdateAsync(ImpactAssessment assessment, string expectedETag, CancellationToken cancellationToken = default);
}

/// <summary>Told when an AI system's impact assessment was re-assessed (a new version approved, or reviewed with no change), so the review that asked for it is completed.</summary>
public interface IImpactAssessmentReviewObserver
{
    Task OnReassessedAsync(ImpactAssessment assessment, bool changed, Actor actor, CancellationToken cancellationToken = default);
}
