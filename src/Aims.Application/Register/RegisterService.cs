using System.Text;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Register;

/// <summary>One problem of an import, by line of the file (the header is line 1).</summary>
public sealed record ImportError(int Line, string? Field, string Message);

/// <summary>What an import found and did. With <see cref="Applied"/> false nothing was written.</summary>
public sealed record ImportReport(
    string Mode,
    bool Partial,
    bool Applied,
    int Rows,
    int ValidRows,
    int InvalidRows,
    int Created,
    int Updated,
    int Unchanged,
    IReadOnlyList<ImportError> Errors);

/// <summary>
/// Changes to the AI system inventory (clause 4.3 scope, 8.1 operational control): every create, update and retirement
/// is written with optimistic concurrency and recorded as evidence of kind <c>register-change</c> whose payload is the
/// system snapshot JSON.
/// </summary>
public sealed class RegisterService(IAiSystemRegistry registry, IEvidenceStore evidence, IEnumerable<ISignificantChangeObserver> observers, TimeProvider time, ILogger<RegisterService> logger)
{
    public const int MaxImportRows = 1000;

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public static string NewId() => "ais-" + Guid.NewGuid().ToString("N")[..12];

    public async Task<VersionedAiSystem> CreateAsync(AiSystemDetails details, Actor actor, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow();
        var system = new AiSystem(id ?? NewId(), details, false, null, now, actor.ObjectId, now, actor.ObjectId);
        var stored = await registry.CreateAsync(system, cancellationToken);
        await RecordAsync("created", stored.System, actor, cancellationToken);
        return stored;
    }

    /// <summary>Replaces the details of a system read at <paramref name="expectedETag"/>; retired systems are read-only.</summary>
    public async Task<VersionedAiSystem> UpdateAsync(AiSystem current, AiSystemDetails details, string expectedETag, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(actor);
        if (current.Retired)
        {
            throw new ConcurrencyConflictException($"AI system '{current.Id}' is retired; its record is kept read-only.");
        }

        if (details.Stage != current.Details.Stage)
        {
            throw new Core.Records.RecordValidationException(new Dictionary<string, string[]>
            {
                ["stage"] = [$"The life cycle stage changes only through a gate: request it with POST /api/systems/{current.Id}/gate-requests (it stays {current.Details.Stage})."],
            });
        }

        return await WriteUpdateAsync(current, details, expectedETag, actor, "updated", cancellationToken);
    }

    /// <summary>Moves a system to the stage its approved gate opened (the gate decision is its own evidence; this records the change).</summary>
    public async Task<VersionedAiSystem> MoveThroughGateAsync(AiSystem current, LifecycleStageChange change, string expectedETag, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        if (change.To == LifecycleStage.Retirement)
        {
            return await RetireAsync(current.Id, expectedETag, actor, cancellationToken) ?? throw new KeyNotFoundException($"No AI system '{current.Id}'.");
        }

        return await WriteUpdateAsync(current, current.Details with { Stage = change.To }, expectedETag, actor, $"moved to {change.To} through gate {change.GateRequestId}", cancellationToken);
    }

    private async Task<VersionedAiSystem> WriteUpdateAsync(AiSystem current, AiSystemDetails details, string expectedETag, Actor actor, string action, CancellationToken cancellationToken)
    {
        if (current.Retired)
        {
            throw new ConcurrencyConflictException($"AI system '{current.Id}' is retired; its record is kept read-only.");
        }

        var now = time.GetUtcNow();
        var updated = current with
        {
            Details = details,
            UpdatedAt = now,
            UpdatedBy = actor.ObjectId,
            SignificantChangeAt = SignificantChange.ReopensAssessment(current.Details, details) ? now : current.SignificantChangeAt,
        };
        var stored = await registry.UpdateAsync(updated, expectedETag, cancellationToken);
        await RecordAsync(action, stored.System, actor, cancellationToken);
        await NotifySignificantChangeAsync(current, stored.System, cancellationToken);
        return stored;
    }

    /// <summary>Retires a system; null when it does not exist. Retiring a retired system changes nothing and records nothing.</summary>
    public async Task<VersionedAiSystem?> RetireAsync(string id, string? expectedETag, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var before = await registry.GetAsync(id, cancellationToken);
        if (before is null)
        {
            return null;
        }

        var stored = await registry.RetireAsync(id, time.GetUtcNow(), actor.ObjectId, expectedETag, cancellationToken);
        if (stored is not null && !before.System.Retired)
        {
            await RecordAsync("retired", stored.System, actor, cancellationToken);
        }

        return stored;
    }

    /// <summary>
    /// Imports a CSV file (<see cref="AiSystemCsv"/>). Every row is checked first; a dry run only reports. Applying writes
    /// all valid rows as one all-or-nothing batch; when any row is bad and <paramref name="partial"/> is false, nothing is
    /// written. Rows with an id update that system (or create it with that id); rows without one create a new system.
    /// </summary>
    public async Task<ImportReport> ImportAsync(string csv, bool apply, bool partial, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var mode = apply ? "apply" : "dry-run";
        var records = Csv.Parse(csv).ToList();
        if (records.Count == 0)
        {
            return Report(0, [new ImportError(1, null, "The file is empty: a header line is required.")]);
        }

        var header = records[0];
        var (map, headerErrors) = header.Error is null ? AiSystemCsv.ReadHeader(header.Fields) : (new Dictionary<string, int>(), [header.Error]);
        if (headerErrors.Count > 0)
        {
            return Report(records.Count - 1, [.. headerErrors.Select(e => new ImportError(1, null, e))]);
        }

        var rows = records.Skip(1).ToList();
        if (rows.Count > MaxImportRows)
        {
            return Report(rows.Count, [new ImportError(rows[MaxImportRows].Line, null, $"At most {MaxImportRows} rows per import.")]);
        }

        var errors = new List<ImportError>();
        var writes = new List<(int Line, RegisterWrite Write, bool Create)>();
        var unchanged = 0;
        var seenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var previous = new Dictionary<string, AiSystem>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        foreach (var row in rows)
        {
            var rowErrors = new List<ImportError>();
            if (row.Error is not null)
            {
                errors.Add(new ImportError(row.Line, null, row.Error));
                continue;
            }

            if (row.Fields.Count != header.Fields.Count)
            {
                errors.Add(new ImportError(row.Line, null, $"The row has {row.Fields.Count} fields; the header has {header.Fields.Count}."));
                continue;
            }

            var (id, etag, input) = AiSystemCsv.ReadRow(row.Fields, map);
            var outcome = AiSystemValidator.Validate(input, Today);
            rowErrors.AddRange(outcome.Errors.SelectMany(e => e.Value.Select(m => new ImportError(row.Line, e.Key, m))));
            VersionedAiSystem? existing = null;
            if (id is not null)
            {
                if (!AiSystemValidator.SystemIdPattern().IsMatch(id))
                {
                    rowErrors.Add(new ImportError(row.Line, "id", "An id is 1-64 letters, digits, dots, dashes or underscores."));
                }
                else if (seenIds.TryGetValue(id, out var firstLine))
                {
                    rowErrors.Add(new ImportError(row.Line, "id", $"The id '{id}' already appears on line {firstLine}."));
                }
                else
                {
                    seenIds[id] = row.Line;
                    existing = await registry.GetAsync(id, cancellationToken);
                    if (existing is not null && etag is not null && !string.Equals(etag, existing.ETag, StringComparison.Ordinal))
                    {
                        rowErrors.Add(new ImportError(row.Line, "etag", "The system changed since this file was exported: export again and redo the change."));
                    }
                    else if (existing is null && etag is not null)
                    {
                        rowErrors.Add(new ImportError(row.Line, "id", $"No AI system '{id}' exists any more (the row carries an etag)."));
                    }
                }
            }

            if (rowErrors.Count > 0 || !outcome.IsValid)
            {
                errors.AddRange(rowErrors);
                continue;
            }

            var details = outcome.Value!;
            if (existing is null)
            {
                var system = new AiSystem(id ?? NewId(), details, false, null, now, actor.ObjectId, now, actor.ObjectId);
                writes.Add((row.Line, new RegisterWrite(system, null), true));
            }
            else if (SameDetails(existing.System.Details, details))
            {
                unchanged++;
            }
            else if (existing.System.Retired)
            {
                errors.Add(new ImportError(row.Line, "id", $"AI system '{id}' is retired; its record is read-only."));
            }
            else if (existing.System.Details.Stage != details.Stage)
            {
                errors.Add(new ImportError(row.Line, "stage", $"The life cycle stage changes only through a gate request, not an import (it stays {existing.System.Details.Stage})."));
            }
            else
            {
                var system = existing.System with
                {
                    Details = details,
                    UpdatedAt = now,
                    UpdatedBy = actor.ObjectId,
                    SignificantChangeAt = SignificantChange.ReopensAssessment(existing.System.Details, details) ? now : existing.System.SignificantChangeAt,
                };
                writes.Add((row.Line, new RegisterWrite(system, existing.ETag), false));
                previous[system.Id] = existing.System;
            }
        }

        var invalidRows = errors.Select(e => e.Line).Distinct().Count();
        var validRows = rows.Count - invalidRows;
        if (!apply || (errors.Count > 0 && !partial) || writes.Count == 0)
        {
            return new ImportReport(mode, partial, apply && writes.Count == 0 && errors.Count == 0, rows.Count, validRows, invalidRows,
                apply ? 0 : writes.Count(w => w.Create), apply ? 0 : writes.Count(w => !w.Create), unchanged, errors);
        }

        var before = writes.Where(w => !w.Create).ToDictionary(w => w.Write.System.Id, w => previous[w.Write.System.Id], StringComparer.Ordinal);
        var stored = await registry.WriteAllAsync([.. writes.Select(w => w.Write)], cancellationToken);
        for (var i = 0; i < stored.Count; i++)
        {
            await RecordAsync(writes[i].Create ? "created" : "updated", stored[i].System, actor, cancellationToken, "CSV import");
            if (before.TryGetValue(stored[i].System.Id, out var was))
            {
                await NotifySignificantChangeAsync(was, stored[i].System, cancellationToken);
            }
        }

        return new ImportReport(mode, partial, true, rows.Count, validRows, invalidRows, writes.Count(w => w.Create), writes.Count(w => !w.Create), unchanged, errors);

        ImportReport Report(int rowCount, List<ImportError> fileErrors) =>
            new(mode, partial, false, rowCount, 0, rowCount, 0, 0, 0, fileErrors);
    }

    /// <summary>
    /// The evidence clause and control ids of a register change: 4.3 scope, 7.1 resources (the record documents each system's data,
    /// model and people), 8.1 operation; A.4.2 resource documentation and the life cycle stage's A.6.2 control.
    /// </summary>
    public static (string[] Clauses, string[] Controls) EvidenceReferences(AiSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var stageControl = system.Details.Stage switch
        {
            LifecycleStage.Concept => "A.6.2.2",
            LifecycleStage.Design or LifecycleStage.Development => "A.6.2.3",
            LifecycleStage.VerificationAndValidation => "A.6.2.4",
            LifecycleStage.Deployment => "A.6.2.5",
            _ => "A.6.2.6",
        };
        return (["4.3", "7.1", "8.1"], ["A.4.2", stageControl]);
    }

    private async Task RecordAsync(string action, AiSystem system, Actor actor, CancellationToken cancellationToken, string? via = null)
    {
        var (clauses, controls) = EvidenceReferences(system);
        var name = system.Name.Length > 200 ? system.Name[..200] : system.Name;
        var summary = $"AI system '{name}' ({system.Id}) {action}{(via is null ? string.Empty : " by " + via)}: stage {system.Details.Stage}, risk class {system.Details.RiskClass}.";
        await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.RegisterChange, $"ai-system:{system.Id}", Evidence(actor), clauses, controls,
            system.Id, summary, system, system.UpdatedAt, RegisterJson.Options), cancellationToken);
    }

    /// <summary>
    /// Tells the observers (the out-of-cycle impact assessment review) about a significant change. The register write already
    /// stands, so a failing observer is logged rather than failing the change.
    /// </summary>
    private async Task NotifySignificantChangeAsync(AiSystem before, AiSystem after, CancellationToken cancellationToken)
    {
        var changes = SignificantChange.Between(before.Details, after.Details);
        if (changes.Count == 0)
        {
            return;
        }

        foreach (var observer in observers)
        {
            try
            {
                await observer.OnSignificantChangeAsync(after, changes, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Significant change of AI system {SystemId} not handled by {Observer}", after.Id, observer.GetType().Name);
            }
        }
    }

    private static Actor Evidence(Actor actor) => actor.ForEvidence();

    private static bool SameDetails(AiSystemDetails a, AiSystemDetails b) =>
        Encoding.UTF8.GetString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(a, RegisterJson.Options))
        == Encoding.UTF8.GetString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(b, RegisterJson.Options));
}
