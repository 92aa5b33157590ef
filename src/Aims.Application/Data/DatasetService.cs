using Aims.Application.Evidence;
using Aims.Core.Data;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Records;
using Aims.Core.Register;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Data;

/// <summary>
/// The dataset register (A.7): datasets linked to the AI systems that use them, their acquisition, provenance, preparation and
/// version; every change and every quality check is evidence, written with the record (<see cref="OwedRecordWriter"/>).
/// </summary>
public sealed class DatasetService(
    IRecordStore<Dataset> datasets,
    IAiSystemRegistry systems,
    OwedRecordWriter writer,
    RoleResolver roles,
    TimeProvider time,
    ILogger<DatasetService> logger)
{
    public static readonly AimsRole[] Editors = [AimsRole.AimsManager, AimsRole.RiskOwner];
    private static readonly string[] Clauses = ["7.5.1", "8.1"];

    public IRecordStore<Dataset> Store => datasets;

    public static string Subject(string id) => $"dataset:{id}";

    public async Task<Versioned<Dataset>> SaveAsync(string? id, DatasetInput input, string? ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await roles.RequireAsync(actor.ObjectId, Editors, "keep the dataset register", cancellationToken);
        var now = time.GetUtcNow();
        var errors = DatasetValidator.Validate(input, DateOnly.FromDateTime(now.UtcDateTime));
        await Register.RegisterQueries.CheckSystemIdsAsync(systems, errors, input?.SystemIds, cancellationToken);
        RecordValidationException.ThrowIfAny(errors);
        Dataset Build(string newId, DateTimeOffset createdAt, IReadOnlyList<QualityCheck> checks) => new()
        {
            Id = newId, Name = input!.Name!.Trim(), SystemIds = [.. input.SystemIds!.Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
            Source = input.Source!.Trim(), Licence = Clean(input.Licence), AcquiredOn = input.AcquiredOn, PersonalData = input.PersonalData!.Value,
            LegalBasis = input.PersonalData == true ? Clean(input.LegalBasis) : null, Provenance = input.Provenance!.Trim(),
            PreparationSteps = [.. (input.PreparationSteps ?? []).Select(p => p.Trim())], Version = input.Version!.Trim(), QualityChecks = checks,
            CreatedAt = createdAt, UpdatedAt = now, UpdatedBy = actor.ObjectId,
        };

        Versioned<Dataset> stored;
        if (id is null)
        {
            stored = await writer.AddAsync(datasets, "DS", newId => Build(newId, now, []), d => Evidence(EvidenceKind.DatasetChange, d, actor, $"Dataset {d.Id} '{d.Name}' version {d.Version} registered for {string.Join(", ", d.SystemIds)}: source {d.Source}", d.EvidenceControls, d, now), cancellationToken);
        }
        else
        {
            var current = await datasets.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No dataset '{id}'.");
            var changed = Build(current.Value.Id, current.Value.CreatedAt, current.Value.QualityChecks);
            var what = changed.Version == current.Value.Version ? "changed" : $"moved to version {changed.Version} (was {current.Value.Version})";
            stored = await writer.ReplaceAsync(datasets, id, current, ifMatch, changed,
                Evidence(EvidenceKind.DatasetChange, changed, actor, $"Dataset {changed.Id} '{changed.Name}' {what}", changed.EvidenceControls, changed, now), cancellationToken);
        }

        logger.LogInformation("Dataset {DatasetId} saved by {Actor}", stored.Value.Id, actor.ObjectId);
        return stored;
    }

    /// <summary>Records a quality check of the dataset's current version (A.7.4).</summary>
    public async Task<Versioned<Dataset>> AddQualityCheckAsync(string id, QualityCheckInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await roles.RequireAsync(actor.ObjectId, Editors, "record data quality checks", cancellationToken);
        RecordValidationException.ThrowIfAny(DatasetValidator.Validate(input));
        var current = await datasets.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No dataset '{id}'.");
        var now = time.GetUtcNow();
        var check = new QualityCheck(input.Check!.Trim(), input.Result!.Value, input.Detail!.Trim(), current.Value.Version, actor.ObjectId, actor.ForEvidence().DisplayName, now);
        var changed = current.Value with { QualityChecks = [.. current.Value.QualityChecks, check], UpdatedAt = now, UpdatedBy = actor.ObjectId };
        return await writer.ReplaceAsync(datasets, id, current, null, changed,
            Evidence(EvidenceKind.DataQualityCheck, changed, actor, $"Dataset {changed.Id} '{changed.Name}' version {changed.Version}: quality check '{check.Check}' {check.Result}", ["A.7.4"], check, now), cancellationToken);
    }

    private static NewEvidence Evidence<T>(EvidenceKind kind, Dataset d, Actor actor, string summary, IReadOnlyList<string> controls, T payload, DateTimeOffset at) =>
        NewEvidence.FromJson(kind, Subject(d.Id), actor.ForEvidence(), Clauses, controls, $"{d.Id}@{d.Version}", NewEvidence.Summarise(summary), payload, at, RegisterJson.Options);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
