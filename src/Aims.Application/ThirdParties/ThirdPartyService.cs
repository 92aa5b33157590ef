using Aims.Application.Evidence;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Core.ThirdParties;
using Microsoft.Extensions.Logging;

namespace Aims.Application.ThirdParties;

/// <summary>
/// The register of suppliers and customers of AI systems (A.10), kept by AIMS managers: what each provides or receives, who is
/// responsible for what, supplier assessments and what customers are told. Every change and every assessment is evidence,
/// written with the record (<see cref="OwedRecordWriter"/>).
/// </summary>
public sealed class ThirdPartyService(
    IRecordStore<ThirdParty> parties,
    IAiSystemRegistry systems,
    OwedRecordWriter writer,
    RoleResolver roles,
    TimeProvider time,
    ILogger<ThirdPartyService> logger)
{
    private static readonly string[] Clauses = ["8.1"];

    public IRecordStore<ThirdParty> Store => parties;

    public static string Subject(string id) => $"third-party:{id}";

    public async Task<Versioned<ThirdParty>> SaveAsync(string? id, ThirdPartyInput input, string? ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await roles.RequireAsync(actor.ObjectId, [AimsRole.AimsManager], "keep the supplier and customer register", cancellationToken);
        var errors = ThirdPartyValidator.Validate(input);
        await Register.RegisterQueries.CheckSystemIdsAsync(systems, errors, input?.SystemIds, cancellationToken);
        RecordValidationException.ThrowIfAny(errors);
        var now = time.GetUtcNow();
        ThirdParty Build(string newId, DateTimeOffset createdAt, IReadOnlyList<SupplierAssessment> assessments) => new()
        {
            Id = newId, Name = input!.Name!.Trim(), Relationship = input.Relationship!.Value, SystemIds = [.. input.SystemIds!.Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
            Provides = input.Provides!.Trim(), Responsibilities = [.. (input.Responsibilities ?? []).Select(r => new Responsibility(r!.Party.Trim(), r.Duty.Trim()))],
            CustomerInformation = string.IsNullOrWhiteSpace(input.CustomerInformation) ? null : input.CustomerInformation.Trim(), Assessments = assessments,
            CreatedAt = createdAt, UpdatedAt = now, UpdatedBy = actor.ObjectId,
        };

        Versioned<ThirdParty> stored;
        if (id is null)
        {
            stored = await writer.AddAsync(parties, "TP", newId => Build(newId, now, []), p => Evidence(EvidenceKind.ThirdPartyChange, p, actor, $"{p.Relationship} {p.Id} '{p.Name}' registered for {string.Join(", ", p.SystemIds)}: {p.Provides}", p.EvidenceControls, p, now), cancellationToken);
        }
        else
        {
            var current = await parties.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No supplier or customer '{id}'.");
            var changed = Build(current.Value.Id, current.Value.CreatedAt, current.Value.Assessments);
            stored = await writer.ReplaceAsync(parties, id, current, ifMatch, changed,
                Evidence(EvidenceKind.ThirdPartyChange, changed, actor, $"{changed.Relationship} {changed.Id} '{changed.Name}' changed", changed.EvidenceControls, changed, now), cancellationToken);
        }

        logger.LogInformation("Third party {ThirdPartyId} saved by {Actor}", stored.Value.Id, actor.ObjectId);
        return stored;
    }

    /// <summary>Records an assessment of a supplier (A.10.3); a customer is not assessed this way.</summary>
    public async Task<Versioned<ThirdParty>> AssessAsync(string id, SupplierAssessmentInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await roles.RequireAsync(actor.ObjectId, [AimsRole.AimsManager], "assess suppliers", cancellationToken);
        return await AssessCoreAsync(id, input, actor, null, cancellationToken);
    }

    /// <summary>
    /// Records the assessment that answers supplier review task <paramref name="reviewTaskId"/> (the review service has checked
    /// the actor is its owner and still entitled to it). Once per task: when the supplier already holds that task's assessment
    /// (a retry, or a second press that lost the race) it is returned as it is.
    /// </summary>
    public async Task<Versioned<ThirdParty>> AssessForReviewAsync(string id, SupplierAssessmentInput input, Actor actor, string reviewTaskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewTaskId);
        for (var attempt = 0; ; attempt++)
        {
            var current = await parties.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No supplier or customer '{id}'.");
            if (current.Value.Assessments.Any(a => a.ReviewTaskId == reviewTaskId))
            {
                return current;
            }

            try
            {
                return await AssessCoreAsync(id, input, actor, reviewTaskId, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
            }
        }
    }

    private async Task<Versioned<ThirdParty>> AssessCoreAsync(string id, SupplierAssessmentInput input, Actor actor, string? reviewTaskId, CancellationToken cancellationToken)
    {
        RecordValidationException.ThrowIfAny(ThirdPartyValidator.Validate(input));
        var current = await parties.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No supplier or customer '{id}'.");
        if (current.Value.Relationship != ThirdPartyRelationship.Supplier)
        {
            throw new RecordValidationException(new Dictionary<string, string[]> { ["outcome"] = [$"{current.Value.Name} is a customer; only suppliers are assessed (A.10.3)."] });
        }

        var now = time.GetUtcNow();
        var assessment = new SupplierAssessment(input.Outcome!.Value, input.Summary!.Trim(), actor.ObjectId, actor.ForEvidence().DisplayName, now, reviewTaskId);
        var changed = current.Value with { Assessments = [.. current.Value.Assessments, assessment], UpdatedAt = now, UpdatedBy = actor.ObjectId };
        return await writer.ReplaceAsync(parties, id, current, null, changed,
            Evidence(EvidenceKind.SupplierAssessment, changed, actor, $"Supplier {changed.Id} '{changed.Name}' assessed: {assessment.Outcome}. {assessment.Summary}", ["A.10.3"], assessment, now), cancellationToken);
    }

    private static NewEvidence Evidence<T>(EvidenceKind kind, ThirdParty p, Actor actor, string summary, IReadOnlyList<string> controls, T payload, DateTimeOffset at) =>
        NewEvidence.FromJson(kind, Subject(p.Id), actor.ForEvidence(), Clauses, controls, p.Id, NewEvidence.Summarise(summary), payload, at, RegisterJson.Options);
}
