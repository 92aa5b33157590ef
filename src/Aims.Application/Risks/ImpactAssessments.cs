using Aims.Application.Http;
using Aims.Application.Register;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Risks;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Risks;

/// <summary>
/// AI system impact assessments (6.1.4, 8.4, A.5): create, submit, decide. Approval marks the AI system's impact assessment
/// completed with today's date (through the register, so that change is evidence too); every step is evidence.
/// </summary>
public sealed class ImpactAssessmentService(
    IImpactAssessmentStore store,
    IAiSystemRegistry systems,
    RegisterService register,
    RoleResolver roles,
    IEvidenceStore evidence,
    Work.DecisionAnnouncements announcements,
    IEnumerable<IImpactAssessmentReviewObserver> reviewObservers,
    TimeProvider time)
{
    private static readonly string[] Clauses = ["6.1.4", "8.4"];

    public IImpactAssessmentStore Store => store;
    private static readonly string[] Controls = ["A.5.2", "A.5.3", "A.5.4", "A.5.5"];

    public async Task<VersionedAssessment> CreateAsync(ImpactAssessment draft, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await roles.RequireAsync(actor.ObjectId, [AimsRole.AimsManager, AimsRole.RiskOwner], "create impact assessments", ct);
        var errors = new Dictionary<string, string>(ImpactAssessmentWorkflow.Validate(draft));
        if (!errors.ContainsKey("aiSystemId") && await systems.GetAsync(draft.AiSystemId, ct) is null)
        {
            errors["aiSystemId"] = $"There is no AI system '{draft.AiSystemId}' in the register.";
        }

        if (errors.Count > 0)
        {
            throw new RiskValidationException(errors);
        }

        var created = await store.CreateAsync(draft with { Id = await store.NextIdAsync(ct), State = AssessmentState.Draft, CreatedAt = time.GetUtcNow(), CreatedBy = actor.ObjectId, Revision = 0 }, ct);
        await RecordAsync(created.Assessment, actor, "created", ct);
        return created;
    }

    /// <summary>Edits a draft (or a rejected assessment): its author or an AIMS manager; an approved assessment is frozen evidence.</summary>
    public async Task<VersionedAssessment> UpdateDraftAsync(string id, ImpactAssessment edited, string? ifMatch, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(edited);
        var current = await store.GetAsync(id, ct) ?? throw new KeyNotFoundException($"No impact assessment '{id}'.");
        if (current.Assessment.State is not (AssessmentState.Draft or AssessmentState.Rejected))
        {
            throw new WorkflowRefusedException($"Impact assessment {id} is {current.Assessment.State}; start a new version to change it.");
        }

        if (!string.Equals(current.Assessment.CreatedBy, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            await roles.RequireAsync(actor.ObjectId, [AimsRole.AimsManager], "edit an impact assessment someone else wrote", ct);
        }

        if (ifMatch is { Length: > 0 } && !Core.Records.ETags.Same(ifMatch, current.ETag))
        {
            throw new ConcurrencyConflictException($"Impact assessment '{id}' was changed by someone else since you read it.");
        }

        var a = current.Assessment;
        var changed = edited with
        {
            Id = a.Id, AiSystemId = a.AiSystemId, State = a.State, CreatedAt = a.CreatedAt, CreatedBy = a.CreatedBy, Version = a.Version, PreviousVersionId = a.PreviousVersionId,
            SubmittedBy = a.SubmittedBy, SubmittedAt = a.SubmittedAt, DecidedBy = a.DecidedBy, DecidedByName = a.DecidedByName, DecidedAt = a.DecidedAt, Comment = a.Comment,
            Revision = a.Revision + 1,
        };
        var errors = ImpactAssessmentWorkflow.Validate(changed);
        if (errors.Count > 0)
        {
            throw new RiskValidationException(errors);
        }

        var saved = await store.UpdateAsync(changed, current.ETag, ct);
        await RecordAsync(saved.Assessment, actor, "edited", ct);
        return saved;
    }

    /// <summary>Starts the next version of an approved assessment from its content (a significant change, a review); the approved one stays as it is.</summary>
    public async Task<VersionedAssessment> NewVersionAsync(string id, Actor actor, CancellationToken ct)
    {
        var current = await store.GetAsync(id, ct) ?? throw new KeyNotFoundException($"No impact assessment '{id}'.");
        if (current.Assessment.State != AssessmentState.Approved)
        {
            throw new WorkflowRefusedException($"Impact assessment {id} is {current.Assessment.State}; edit it instead of starting a new version.");
        }

        var a = current.Assessment;
        return await CreateAsync(a with
        {
            Id = "new", Version = a.Version + 1, PreviousVersionId = a.Id, SubmittedBy = null, SubmittedAt = null, DecidedBy = null, DecidedByName = null, DecidedAt = null, Comment = null,
        }, actor, ct);
    }

    public async Task<VersionedAssessment> SubmitAsync(string id, Actor actor, CancellationToken ct)
    {
        var current = await store.GetAsync(id, ct) ?? throw new KeyNotFoundException($"No impact assessment '{id}'.");
        if (current.Assessment.State is AssessmentState.Draft or AssessmentState.Rejected && ImpactAssessmentWorkflow.Completeness(current.Assessment) is { Count: > 0 } missing)
        {
            // Field by field, so the form can show each next to its input.
            throw new RiskValidationException(missing);
        }

        var assignment = await roles.GetRolesAsync(actor.ObjectId, RoleFreshness.Current, ct);
        var saved = await store.UpdateAsync(ImpactAssessmentWorkflow.Submit(current.Assessment, actor, assignment.Roles, time.GetUtcNow()), current.ETag, ct);
        await RecordAsync(saved.Assessment, actor, "submitted", ct);
        await announcements.EnqueueAsync(ImpactAssessmentAnnouncer.KindName, saved.Assessment.Id, ImpactAssessmentAnnouncer.KeyOf(saved.Assessment), ct);
        return saved;
    }

    public async Task<VersionedAssessment> DecideAsync(string id, bool approve, string? comment, Actor actor, CancellationToken ct)
    {
        var current = await store.GetAsync(id, ct) ?? throw new KeyNotFoundException($"No impact assessment '{id}'.");
        var system = await systems.GetAsync(current.Assessment.AiSystemId, ct) ?? throw new KeyNotFoundException($"AI system '{current.Assessment.AiSystemId}' is gone.");
        var assignment = await roles.GetRolesAsync(actor.ObjectId, RoleFreshness.Current, ct);
        var now = time.GetUtcNow();
        var decided = ImpactAssessmentWorkflow.Decide(current.Assessment, actor, assignment.Roles, system.System.Details.OwnerObjectId, approve, comment, now);
        var saved = await store.UpdateAsync(decided, current.ETag, ct);
        await RecordAsync(saved.Assessment, actor, approve ? "approved" : "rejected", ct, approve ? EvidenceKind.ImpactAssessmentApproval : null);
        if (approve)
        {
            await MarkSystemAssessedAsync(saved.Assessment.AiSystemId, DateOnly.FromDateTime(now.UtcDateTime), actor, ct);
            await NotifyReassessedAsync(saved.Assessment, changed: true, actor, ct);
        }

        await announcements.EnqueueAsync(ImpactAssessmentAnnouncer.KindName, saved.Assessment.Id, ImpactAssessmentAnnouncer.KeyOf(saved.Assessment), ct);
        return saved;
    }

    /// <summary>
    /// Records that the system's latest approved assessment was re-assessed and stays valid ("reviewed, no change"), with the
    /// reason and the next review date: an independent reviewer only. This, not the review task that asked, is the evidence.
    /// </summary>
    public async Task<VersionedAssessment> ReviewUnchangedAsync(string id, AssessmentReviewInput? input, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await store.GetAsync(id, ct) ?? throw new KeyNotFoundException($"No impact assessment '{id}'.");
        var latest = ImpactAssessmentWorkflow.LatestApproved((await store.ListForSystemAsync(current.Assessment.AiSystemId, ct)).Select(a => a.Assessment));
        if (latest is not null && latest.Id != current.Assessment.Id)
        {
            throw new WorkflowRefusedException($"Impact assessment {id} was superseded by {latest.Id}; review the latest approved version.");
        }

        var system = await systems.GetAsync(current.Assessment.AiSystemId, ct) ?? throw new KeyNotFoundException($"AI system '{current.Assessment.AiSystemId}' is gone.");
        var assignment = await roles.GetRolesAsync(actor.ObjectId, RoleFreshness.Current, ct);
        var reviewed = ImpactAssessmentWorkflow.ReviewUnchanged(current.Assessment, actor, assignment.Roles, system.System.Details.OwnerObjectId, input?.Reason, input?.NextReviewDate, time.GetUtcNow());
        var saved = await store.UpdateAsync(reviewed, current.ETag, ct);
        var review = saved.Assessment.Reviews[^1];
        await RecordAsync(saved.Assessment, actor, $"reviewed with no change by {review.ReviewedByName} (next review {review.NextReviewDate:yyyy-MM-dd}): {review.Reason}", ct, EvidenceKind.ImpactAssessmentReview);
        await NotifyReassessedAsync(saved.Assessment, changed: false, actor, ct);
        return saved;
    }

    private async Task NotifyReassessedAsync(ImpactAssessment assessment, bool changed, Actor actor, CancellationToken ct)
    {
        foreach (var observer in reviewObservers)
        {
            await observer.OnReassessedAsync(assessment, changed, actor, ct);
        }
    }

    private async Task MarkSystemAssessedAsync(string systemId, DateOnly date, Actor actor, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var system = await systems.GetAsync(systemId, ct) ?? throw new KeyNotFoundException($"AI system '{systemId}' is gone.");
            var details = system.System.Details with { ImpactAssessmentStatus = ImpactAssessmentStatus.Completed, ImpactAssessmentDate = date };
            try
            {
                await register.UpdateAsync(system.System, details, system.ETag, actor, ct);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 5)
            {
            }
        }
    }

    // Only an approval or a re-assessment is what the coverage rules count; drafts, submissions and rejections are work in progress.
    private Task RecordAsync(ImpactAssessment a, Actor actor, string what, CancellationToken ct, EvidenceKind? kind = null) =>
        evidence.RecordAsync(NewEvidence.FromJson(
            kind ?? EvidenceKind.ImpactAssessment, $"impact-assessment:{a.Id}", actor, Clauses, Controls, $"{a.Id}:{a.Revision}",
            $"Impact assessment {a.Id} of {a.AiSystemId} {what} (highest severity {a.HighestSeverity})", a, time.GetUtcNow(), RegisterJson.Options), ct);
}

public sealed record ImpactAssessmentInput(
    string? AiSystemId,
    string? Title,
    IReadOnlyList<Impact>? Impacts,
    IReadOnlyList<string>? LinkedRiskIds,
    string? SystemDescription = null,
    string? IntendedUses = null,
    string? ForeseeableMisuse = null,
    string? DataAndQuality = null,
    string? ModelInformation = null,
    string? DeploymentEnvironment = null,
    string? Benefits = null,
    string? SensitiveUses = null,
    string? ReviewTriggers = null,
    DateOnly? ReviewDate = null)
{
    /// <summary>The draft this input describes (trimmed; an id is given by the store).</summary>
    public ImpactAssessment ToDraft() => new()
    {
        Id = "new", AiSystemId = AiSystemId?.Trim() ?? string.Empty, Title = Title?.Trim() ?? string.Empty, Impacts = Impacts ?? [], LinkedRiskIds = LinkedRiskIds ?? [],
        SystemDescription = Clean(SystemDescription), IntendedUses = Clean(IntendedUses), ForeseeableMisuse = Clean(ForeseeableMisuse), DataAndQuality = Clean(DataAndQuality),
        ModelInformation = Clean(ModelInformation), DeploymentEnvironment = Clean(DeploymentEnvironment), Benefits = Clean(Benefits), SensitiveUses = Clean(SensitiveUses),
        ReviewTriggers = Clean(ReviewTriggers), ReviewDate = ReviewDate,
    };

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed record AssessmentDecisionInput(bool? Approve, string? Comment);

/// <summary>The body of a "reviewed, no change" re-assessment: why it stays valid and when it is reviewed next.</summary>
public sealed record AssessmentReviewInput(string? Reason, DateOnly? NextReviewDate);

public sealed class ReviewImpactAssessmentHandler(ImpactAssessmentService service) : IEndpointHandler<AssessmentReviewInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<AssessmentReviewInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var saved = await service.ReviewUnchangedAsync(request.Id, request.Body, request.Caller, request.Aborted);
        return ApiResults.Created(saved.Assessment, $"/api/impact-assessments/{saved.Assessment.Id}", saved.ETag);
    }
}

public sealed class ListImpactAssessmentsHandler(IImpactAssessmentStore store) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var system = request.Query["aiSystemId"].ToString();
        var items = await store.ListForSystemAsync(string.IsNullOrWhiteSpace(system) ? null : system, request.Aborted);
        return ApiResults.Ok(new { items = items.Select(i => i.Assessment) });
    }
}

public sealed class CreateImpactAssessmentHandler(ImpactAssessmentService service) : IEndpointHandler<ImpactAssessmentInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<ImpactAssessmentInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var created = await service.CreateAsync(request.Body.ToDraft(), request.Caller, request.Aborted);
        return ApiResults.Created(created.Assessment);
    }
}

public sealed class UpdateImpactAssessmentHandler(ImpactAssessmentService service) : IEndpointHandler<ImpactAssessmentInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<ImpactAssessmentInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var saved = await service.UpdateDraftAsync(request.Id, request.Body.ToDraft(), request.IfMatch, request.Caller, request.Aborted);
        return ApiResults.Ok(saved.Assessment, saved.ETag);
    }
}

public sealed class NewImpactAssessmentVersionHandler(ImpactAssessmentService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var created = await service.NewVersionAsync(request.Id, request.Caller, request.Aborted);
        return ApiResults.Created(created.Assessment, $"/api/impact-assessments/{created.Assessment.Id}", created.ETag);
    }
}

public sealed class SubmitImpactAssessmentHandler(ImpactAssessmentService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Ok((await service.SubmitAsync(request.Id, request.Caller, request.Aborted)).Assessment);
    }
}

public sealed class DecideImpactAssessmentHandler(ImpactAssessmentService service) : IEndpointHandler<AssessmentDecisionInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<AssessmentDecisionInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Body.Approve is not { } approve) return ApiProblems.Validation("approve", "true to approve, false to reject.");
        return ApiResults.Ok((await service.DecideAsync(request.Id, approve, request.Body.Comment, request.Caller, request.Aborted)).Assessment);
    }
}
