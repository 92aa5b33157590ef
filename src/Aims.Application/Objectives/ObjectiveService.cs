using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aims.Application.Proactive;
using Aims.Application.Reports;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Objectives;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Core.Reports;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Objectives;

/// <summary>A monitoring alert for an AI system and metric, open from "fired" until "resolved": one incident per episode.</summary>
public sealed record MonitoringAlert(
    string Id,
    string AiSystemId,
    string Metric,
    bool Open,
    DateTimeOffset Since,
    double? Value,
    string? Message,
    string? ReportId,
    string OwnerObjectId,
    string? AcknowledgedBy = null,
    DateTimeOffset? AcknowledgedAt = null)
{
    public static string IdFor(string systemId, string metric) => $"{systemId}|{metric}";
}

/// <summary>What recording one measurement did.</summary>
public sealed record MeasurementOutcome(string ObjectiveId, Measurement Measurement, bool Recorded, bool OnTarget, string? BreachOpenedReportId, bool BreachClosed);

/// <summary>
/// AI objectives (6.2) and their measurements (9.1): all three sources (computed, monitoring, manual card entry) go through
/// <see cref="RecordAsync"/>. A measurement that misses the target while no breach is open opens exactly one incident (10.2)
/// for the objective, claimed with an ETag-conditional write so simultaneous measurements cannot open two; the owner is told
/// in Teams and acknowledges on the card. The next measurement on target closes the breach.
/// </summary>
public sealed class ObjectiveService(
    IRecordStore<AiObjective> objectives,
    IRecordStore<MonitoringAlert> alerts,
    IMeasurementLog log,
    IAiSystemRegistry systems,
    IEvidenceStore evidence,
    ReportService reports,
    CardCopies cards,
    RoleResolver roles,
    Evidence.EvidenceSettlement settlement,
    Work.DecisionAnnouncements announcements,
    TimeProvider time,
    WorkspaceLinks links,
    ILogger<ObjectiveService> logger)
{
    public static EvidenceKind ObjectiveKind { get; } = new("ai-objective");
    public static EvidenceKind MeasurementKind { get; } = new("objective-measurement");
    public static EvidenceKind AcknowledgementKind { get; } = new("breach-acknowledgement");

    /// <summary>How far in the future a measurement's time may lie (clock skew of the sender).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A breach claimed this long ago still without its incident: the process that claimed it stopped in between, so the next bad
    /// measurement takes the claim over (long enough that a slow but living opener is never doubled).
    /// </summary>
    public static readonly TimeSpan BreachTakeOverAfter = TimeSpan.FromMinutes(10);

    /// <summary>How old a posted measurement may be (a backlog older than this is refused, not silently back-filled).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    public static string Subject(string objectiveId) => $"objective:{objectiveId.ToUpperInvariant()}";

    public static string AlertSubject(string alertId) => $"monitoring-alert:{alertId}";

    public IRecordStore<AiObjective> Store => objectives;

    public async Task<Versioned<AiObjective>> SaveAsync(string? id, ObjectiveRequest r, string? ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(r);
        await roles.RequireAsync(actor.ObjectId, [AimsRole.AimsManager], "set AI objectives", cancellationToken);
        var errors = ObjectiveValidator.Validate(r);
        string? systemId = null;
        if (r.AiSystemId is { Length: > 0 } requested && !errors.ContainsKey("aiSystemId"))
        {
            systemId = (await systems.GetAsync(requested.Trim(), cancellationToken))?.System.Id;
            if (systemId is null) errors["aiSystemId"] = [$"No AI system '{requested}' in the register."];
        }

        RecordValidationException.ThrowIfAny(errors);
        var now = time.GetUtcNow();
        var controls = r.Controls is { Count: > 0 } c ? c.Distinct(StringComparer.Ordinal).ToList() : [.. ObjectiveValidator.DefaultControls];
        Versioned<AiObjective> stored;
        string action;
        if (id is null)
        {
            var newId = await objectives.NextIdAsync("OBJ", cancellationToken);
            var created = new AiObjective(newId, r.Title!.Trim(), r.Description?.Trim() ?? string.Empty, r.Metric!, r.Target!.Value, r.Direction!.Value, r.Unit?.Trim(),
                r.OwnerObjectId!.Trim(), r.FrequencyDays!.Value, r.Source!.Value, systemId, r.ValidMin, r.ValidMax, controls, now, now, actor.ObjectId);
            stored = await objectives.TryAddAsync(newId, created, cancellationToken) ?? throw new ConcurrencyConflictException($"'{newId}' exists already; try again.");
            action = "set";
        }
        else
        {
            var current = await objectives.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No objective '{id}'.");
            if (ifMatch is { Length: > 0 } && !ETags.Same(ifMatch, current.ETag))
            {
                throw new ConcurrencyConflictException($"Objective '{id}' was changed by someone else since you read it.");
            }

            var o = current.Value;
            var changed = o with
            {
                Title = r.Title!.Trim(), Description = r.Description?.Trim() ?? string.Empty, Metric = r.Metric!, Target = r.Target!.Value, Direction = r.Direction!.Value,
                Unit = r.Unit?.Trim(), OwnerObjectId = r.OwnerObjectId!.Trim(), FrequencyDays = r.FrequencyDays!.Value, Source = r.Source!.Value,
                AiSystemId = systemId, ValidMin = r.ValidMin, ValidMax = r.ValidMax, Controls = controls, UpdatedAt = now, UpdatedBy = actor.ObjectId,
            };
            stored = await objectives.ReplaceAsync(id, changed, current.ETag, cancellationToken);
            action = "changed";
        }

        var x = stored.Value;
        await evidence.RecordAsync(NewEvidence.FromJson(ObjectiveKind, Subject(x.Id), actor.ForEvidence(), ["6.2"], x.Controls, x.Id,
            NewEvidence.Summarise($"AI objective {x.Id} {action}: {x.Title}, target {x.Metric} {x.TargetText}, measured every {x.FrequencyDays} days ({x.Source})"), x, now, RegisterJson.Options), cancellationToken);
        return stored;
    }

    /// <summary>Retires an objective: no more measurements are asked for; its history stays.</summary>
    public async Task<Versioned<AiObjective>> RetireAsync(string id, Actor actor, CancellationToken cancellationToken)
    {
        await roles.RequireAsync(actor.ObjectId, [AimsRole.AimsManager], "set AI objectives", cancellationToken);
        var current = await objectives.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No objective '{id}'.");
        var now = time.GetUtcNow();
        var stored = await objectives.ReplaceAsync(id, current.Value with { Retired = true, UpdatedAt = now, UpdatedBy = actor.ObjectId }, current.ETag, cancellationToken);
        await evidence.RecordAsync(NewEvidence.FromJson(ObjectiveKind, Subject(id), actor.ForEvidence(), ["6.2"], stored.Value.Controls, id,
            NewEvidence.Summarise($"AI objective {id} retired: {stored.Value.Title}"), stored.Value, now, RegisterJson.Options), cancellationToken);
        return stored;
    }

    /// <summary>
    /// Checks a value against the objective without storing anything: unknown objective, retired, out of the valid range,
    /// or a time in the future or too far back.
    /// </summary>
    public async Task<(Versioned<AiObjective> Objective, string? Problem)> CheckAsync(string objectiveId, double value, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var objective = await objectives.GetAsync(objectiveId, cancellationToken) ?? throw new KeyNotFoundException($"No objective '{objectiveId}'.");
        if (objective.Value.Retired) return (objective, $"Objective {objectiveId} is retired.");
        var now = time.GetUtcNow();
        if (at > now + FutureTolerance) return (objective, "The measurement time lies in the future.");
        if (at < now - MaxAge) return (objective, $"The measurement is older than {MaxAge.TotalDays:0} days.");
        return (objective, ObjectiveValidator.WhyNotValue(objective.Value, value));
    }

    /// <summary>Records one measurement (idempotent by <paramref name="measurementId"/>), then evaluates the target.</summary>
    public async Task<MeasurementOutcome> RecordAsync(string objectiveId, double value, DateTimeOffset at, MeasurementSource source, Actor by, string? note, string? measurementId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var (current, problem) = await CheckAsync(objectiveId, value, at, cancellationToken);
        if (problem is not null)
        {
            throw new RecordValidationException(new Dictionary<string, string[]> { ["value"] = [problem] });
        }

        var objective = current.Value;
        var id = measurementId is { Length: > 0 } given ? Truncate(given, 120) : DerivedId(objective.Id, value, at, source);
        var onTarget = objective.IsOnTarget(value);
        var measurement = new Measurement(id, objective.Id, value, at, source, by.ObjectId, by.ForEvidence().DisplayName, string.IsNullOrWhiteSpace(note) ? null : Truncate(note.Trim(), 1000), onTarget);
        if (!await log.AppendAsync(objective.Id, measurement, cancellationToken))
        {
            return new MeasurementOutcome(objective.Id, measurement, false, onTarget, null, false);
        }

        var controls = objective.AiSystemId is null ? objective.Controls : [.. objective.Controls.Append("A.6.2.6").Distinct(StringComparer.Ordinal)];
        await evidence.RecordAsync(NewEvidence.FromJson(MeasurementKind, Subject(objective.Id), by.ForEvidence(), ["9.1"], controls, id,
            NewEvidence.Summarise(string.Create(CultureInfo.InvariantCulture, $"{objective.Id} {objective.Metric} = {value:0.####}{(objective.Unit is { } u ? " " + u : string.Empty)} ({(onTarget ? "on target" : "off target")} {objective.TargetText}; {source})")),
            measurement, null, RegisterJson.Options), cancellationToken);

        var (opened, closed) = await EvaluateAsync(objective.Id, measurement, cancellationToken);
        string? reportId = null;
        if (opened is not null)
        {
            reportId = await OpenBreachIncidentAsync(opened, measurement, cancellationToken);
        }

        logger.LogInformation("Objective {ObjectiveId} measured {Value} from {Source}: on target {OnTarget}, breach opened {Opened}, closed {Closed}",
            objective.Id, value, source, onTarget, reportId is not null, closed);
        return new MeasurementOutcome(objective.Id, measurement, true, onTarget, reportId, closed);
    }

    /// <summary>
    /// Updates the latest value and the breach state under an ETag condition. Returns the objective when this call opened the
    /// breach (only one caller can: the conditional write makes the others re-read and see it open).
    /// </summary>
    private async Task<(AiObjective? Opened, bool Closed)> EvaluateAsync(string objectiveId, Measurement m, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = await objectives.GetAsync(objectiveId, cancellationToken) ?? throw new KeyNotFoundException($"No objective '{objectiveId}'.");
            var o = current.Value;
            if (o.Latest is { } latest && latest.At > m.At)
            {
                return (null, false); // An older measurement arrived late: history only, the newer one decides the state.
            }

            var next = o with { Latest = m };
            AiObjective? opened = null;
            var closed = false;
            var now = time.GetUtcNow();
            if (!m.OnTarget && o.OpenBreach is null)
            {
                next = next with { OpenBreach = new ObjectiveBreach(m.Id, m.At, m.Value, null, ClaimedAt: now) };
                opened = next;
            }
            else if (!m.OnTarget && o.OpenBreach is { ReportId: null } stuck && (stuck.ClaimedAt ?? stuck.Since) < now - BreachTakeOverAfter)
            {
                next = next with { OpenBreach = stuck with { ClaimedAt = now } };
                opened = next;
                logger.LogWarning("Objective {ObjectiveId}: breach claimed at {ClaimedAt} has no incident; taking it over", objectiveId, stuck.ClaimedAt ?? stuck.Since);
            }
            else if (m.OnTarget && o.OpenBreach is not null)
            {
                next = next with { OpenBreach = null };
                closed = true;
            }

            try
            {
                await objectives.ReplaceAsync(objectiveId, next, current.ETag, cancellationToken);
                return (opened, closed);
            }
            catch (ConcurrencyConflictException)
            {
                await Task.Delay(Random.Shared.Next(5, 30), cancellationToken);
            }
        }

        throw new ConcurrencyConflictException($"Objective '{objectiveId}' is changing too fast; the measurement is stored, its evaluation is not. Post it again.");
    }

    private async Task<string> OpenBreachIncidentAsync(AiObjective objective, Measurement m, CancellationToken cancellationToken)
    {
        var title = Truncate($"Objective {objective.Id} off target: {objective.Title}", 200);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{objective.Metric} measured {m.Value:0.####}{(objective.Unit is { } u ? " " + u : string.Empty)} at {m.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({m.Source}), target {objective.TargetText}. Opened automatically by the AIMS (9.1, 10.2).");
        var report = await reports.OpenAssignedAsync(Actor.System, title, description, ReportKind.Incident, objective.AiSystemId, objective.OwnerObjectId, cancellationToken);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = await objectives.GetAsync(objective.Id, cancellationToken);
            if (current?.Value.OpenBreach is not { ReportId: null } breach || breach.MeasurementId != objective.OpenBreach!.MeasurementId)
            {
                break;
            }

            try
            {
                await objectives.ReplaceAsync(objective.Id, current.Value with { OpenBreach = breach with { ReportId = report.Report.Id } }, current.ETag, cancellationToken);
                break;
            }
            catch (ConcurrencyConflictException)
            {
                await Task.Delay(Random.Shared.Next(5, 30), cancellationToken);
            }
        }

        await cards.SendAsync(Subject(objective.Id), objective.OwnerObjectId, BreachCard.ForObjective(objective, m, report.Report.Id, links, null), cancellationToken);
        return report.Report.Id;
    }

    /// <summary>
    /// A monitoring alert fired or resolved for an AI system. A fired alert with none open opens one incident and tells the
    /// system's owner; repeated firings while it is open only update it; a resolved one closes it.
    /// </summary>
    public async Task<(MonitoringAlert Alert, bool Opened)> RaiseAlertAsync(AiSystem system, string metric, double? value, DateTimeOffset at, bool resolved, string? message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        var id = MonitoringAlert.IdFor(system.Id, metric);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = await alerts.GetAsync(id, cancellationToken);
            if (resolved)
            {
                if (current is null || !current.Value.Open) return (current?.Value ?? new MonitoringAlert(id, system.Id, metric, false, at, value, message, null, system.Details.OwnerObjectId), false);
                try
                {
                    var closed = await alerts.ReplaceAsync(id, current.Value with { Open = false }, current.ETag, cancellationToken);
                    return (closed.Value, false);
                }
                catch (ConcurrencyConflictException)
                {
                    continue;
                }
            }

            if (current is { Value.Open: true })
            {
                return (current.Value, false);
            }

            var alert = new MonitoringAlert(id, system.Id, metric, true, at, value, message is null ? null : Truncate(message, 1000), null, system.Details.OwnerObjectId);
            var claimed = current is null
                ? await alerts.TryAddAsync(id, alert, cancellationToken)
                : await TryReplaceAsync(id, alert, current.ETag, cancellationToken);
            if (claimed is null)
            {
                continue;
            }

            var title = Truncate($"Monitoring alert for {system.Id} {system.Name}: {metric}", 200);
            var description = string.Create(CultureInfo.InvariantCulture,
                $"{metric}{(value is { } v ? $" = {v:0.####}" : string.Empty)} at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC. {message ?? string.Empty} Opened automatically by the AIMS from a monitoring signal (9.1, A.6.2.6, 10.2).").Trim();
            var report = await reports.OpenAssignedAsync(Actor.System, title, Truncate(description, 4000), ReportKind.Incident, system.Id, system.Details.OwnerObjectId, cancellationToken);
            var withReport = alert with { ReportId = report.Report.Id };
            try
            {
                await alerts.ReplaceAsync(id, withReport, claimed.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                logger.LogWarning("Alert {AlertId} changed while its incident {ReportId} was opened", id, report.Report.Id);
            }

            await cards.SendAsync(AlertSubject(id), system.Details.OwnerObjectId, BreachCard.ForAlert(withReport, system.Name, null), cancellationToken);
            return (withReport, true);
        }

        throw new ConcurrencyConflictException($"The alert for {system.Id} {metric} is changing too fast; post it again.");
    }

    /// <summary>
    /// The owner acknowledges a breach or an alert on the card: who and when is evidence; only the owner may. The acknowledgement
    /// is stored with the evidence it owes (one write) and answered at once; replacing every copy of the card is announced from
    /// the decision-announcements queue. A second press (or a retry) finds it acknowledged and completes what is still owed.
    /// </summary>
    public async Task<AdaptiveCardResult> AcknowledgeAsync(string kind, string id, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow();
        if (kind == BreachCard.KindObjective)
        {
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var current = await objectives.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No objective '{id}'.");
                var o = current.Value;
                if (!string.Equals(o.OwnerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
                {
                    throw new AccessDeniedException($"Only the owner of objective {o.Id} acknowledges its breaches.");
                }

                if (o.OpenBreach is not { } breach)
                {
                    return new AdaptiveCardResult(BreachCard.ForObjective(o, o.Latest, null, links, "The objective is back on target; nothing to acknowledge."), false);
                }

                if (breach.AcknowledgedAt is not null)
                {
                    var (_, owing) = await TrySettleObjectiveAsync(id, current, cancellationToken);
                    return new AdaptiveCardResult(BreachCard.ForObjective(o, o.Latest, breach.ReportId, links, owing ? Evidence.EvidenceSettlement.PendingNotice : null), false);
                }

                // Whatever an earlier change still owes is recorded first: a new debt never overwrites it.
                var etag = current.ETag;
                await settlement.SettleBeforeChangeAsync($"Objective {id}", current.Owed, async ct => etag = await objectives.SettleAsync(id, current.ETag, ct), cancellationToken);
                var acked = o with { OpenBreach = breach with { AcknowledgedBy = actor.ForEvidence().DisplayName, AcknowledgedAt = now } };
                Versioned<AiObjective> saved;
                try
                {
                    saved = await objectives.ReplaceOwingAsync(id, acked, etag,
                        NewEvidence.FromJson(AcknowledgementKind, Subject(id), actor.ForEvidence(), ["9.1", "10.2"], ["A.6.2.6"], breach.ReportId,
                            NewEvidence.Summarise($"Breach of objective {id} acknowledged by {actor.ForEvidence().DisplayName} (incident {breach.ReportId ?? "pending"})"), acked.OpenBreach, now, RegisterJson.Options),
                        cancellationToken);
                }
                catch (ConcurrencyConflictException)
                {
                    continue;
                }

                var (_, pending) = await TrySettleObjectiveAsync(id, saved, cancellationToken);
                return new AdaptiveCardResult(BreachCard.ForObjective(acked, acked.Latest, breach.ReportId, links, pending ? Evidence.EvidenceSettlement.PendingNotice : null), true);
            }
        }
        else if (kind == BreachCard.KindAlert)
        {
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var current = await alerts.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No monitoring alert '{id}'.");
                var a = current.Value;
                if (!string.Equals(a.OwnerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
                {
                    throw new AccessDeniedException($"Only the owner of AI system {a.AiSystemId} acknowledges its alerts.");
                }

                if (a.AcknowledgedAt is not null)
                {
                    var (_, owing) = await TrySettleAlertAsync(id, current, cancellationToken);
                    return new AdaptiveCardResult(BreachCard.ForAlert(a, a.AiSystemId, owing ? Evidence.EvidenceSettlement.PendingNotice : null), false);
                }

                // Whatever an earlier change still owes is recorded first: a new debt never overwrites it.
                var etag = current.ETag;
                await settlement.SettleBeforeChangeAsync($"Alert {id}", current.Owed, async ct => etag = await alerts.SettleAsync(id, current.ETag, ct), cancellationToken);
                var acked = a with { AcknowledgedBy = actor.ForEvidence().DisplayName, AcknowledgedAt = now };
                Versioned<MonitoringAlert> saved;
                try
                {
                    saved = await alerts.ReplaceOwingAsync(id, acked, etag,
                        NewEvidence.FromJson(AcknowledgementKind, AlertSubject(id), actor.ForEvidence(), ["9.1", "10.2"], ["A.6.2.6", "A.8.4"], a.ReportId,
                            NewEvidence.Summarise($"Monitoring alert {a.AiSystemId} {a.Metric} acknowledged by {actor.ForEvidence().DisplayName} (incident {a.ReportId ?? "pending"})"), acked, now, RegisterJson.Options),
                        cancellationToken);
                }
                catch (ConcurrencyConflictException)
                {
                    continue;
                }

                var (_, pending) = await TrySettleAlertAsync(id, saved, cancellationToken);
                return new AdaptiveCardResult(BreachCard.ForAlert(acked, a.AiSystemId, pending ? Evidence.EvidenceSettlement.PendingNotice : null), true);
            }
        }
        else
        {
            throw new KeyNotFoundException($"'{kind}' is not something to acknowledge.");
        }

        throw new ConcurrencyConflictException("The breach is changing too fast; press again.");
    }

    /// <summary>The announcement subject of an objective's breach or an alert ("objective:OBJ-1", "alert:system|metric").</summary>
    public static string AcknowledgementSubject(string kind, string id) => $"{kind}:{id}";

    /// <summary>An acknowledgement happens once per breach or alert episode: its time identifies it whoever re-queues it.</summary>
    public static string AcknowledgementKey(DateTimeOffset acknowledgedAt) => acknowledgedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);

    /// <summary>Records what an objective owes (its acknowledgement's evidence) and queues the announcement; Pending while evidence storage fails.</summary>
    internal async Task<(Versioned<AiObjective> Current, bool Pending)> TrySettleObjectiveAsync(string id, Versioned<AiObjective> current, CancellationToken cancellationToken)
    {
        if (current.Owed is null)
        {
            return (current, false);
        }

        string? etag = null;
        var at = current.Owed.Kind == AcknowledgementKind ? current.Value.OpenBreach?.AcknowledgedAt : null;
        var settled = await settlement.TrySettleAsync($"Objective {id}", current.Owed, async ct => etag = await objectives.SettleAsync(id, current.ETag, ct), cancellationToken,
            AnnouncementOwed(BreachCard.KindObjective, id, at));
        return settled ? (etag is null ? current : current with { ETag = etag, Owed = null }, false) : (current, true);
    }

    /// <summary>Records what an alert owes (its acknowledgement's evidence) and queues the announcement; Pending while evidence storage fails.</summary>
    internal async Task<(Versioned<MonitoringAlert> Current, bool Pending)> TrySettleAlertAsync(string id, Versioned<MonitoringAlert> current, CancellationToken cancellationToken)
    {
        if (current.Owed is null)
        {
            return (current, false);
        }

        string? etag = null;
        var at = current.Owed.Kind == AcknowledgementKind ? current.Value.AcknowledgedAt : null;
        var settled = await settlement.TrySettleAsync($"Alert {id}", current.Owed, async ct => etag = await alerts.SettleAsync(id, current.ETag, ct), cancellationToken,
            AnnouncementOwed(BreachCard.KindAlert, id, at));
        return settled ? (etag is null ? current : current with { ETag = etag, Owed = null }, false) : (current, true);
    }

    /// <summary>
    /// Announces an acknowledgement from the queue: every copy of the breach or alert card replaced, once per acknowledgement. An
    /// episode that has moved on (the breach closed, a new one opened) is shown by its own cards, so nothing is announced then.
    /// </summary>
    internal async Task AnnounceAcknowledgementAsync(Work.DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        var separator = announcement.SubjectId.IndexOf(':', StringComparison.Ordinal);
        var (kind, id) = separator > 0 ? (announcement.SubjectId[..separator], announcement.SubjectId[(separator + 1)..]) : (string.Empty, string.Empty);
        if (kind == BreachCard.KindObjective)
        {
            var o = (await objectives.GetAsync(id, cancellationToken))?.Value;
            if (o?.OpenBreach is { AcknowledgedAt: { } at } breach && AcknowledgementKey(at) == announcement.DecisionKey)
            {
                await cards.UpdateAllAsync(Subject(id), BreachCard.ForObjective(o, o.Latest, breach.ReportId, links, null), cancellationToken, announcement.IdempotencyKey);
                return;
            }
        }
        else if (kind == BreachCard.KindAlert)
        {
            var a = (await alerts.GetAsync(id, cancellationToken))?.Value;
            if (a is { AcknowledgedAt: { } at } && AcknowledgementKey(at) == announcement.DecisionKey)
            {
                await cards.UpdateAllAsync(AlertSubject(id), BreachCard.ForAlert(a, a.AiSystemId, null), cancellationToken, announcement.IdempotencyKey);
                return;
            }
        }
        else
        {
            throw new Work.MalformedQueueMessageException($"'{announcement.SubjectId}' names no objective or alert.");
        }

        logger.LogInformation("Acknowledgement {DecisionKey} of {Subject} is no longer current; nothing is announced", announcement.DecisionKey, announcement.SubjectId);
    }

    private Func<CancellationToken, Task>? AnnouncementOwed(string kind, string id, DateTimeOffset? acknowledgedAt) =>
        acknowledgedAt is { } at
            ? ct => announcements.EnqueueAsync(BreachAnnouncer.KindName, AcknowledgementSubject(kind, id), AcknowledgementKey(at), ct)
            : null;

    private async Task<Versioned<MonitoringAlert>?> TryReplaceAsync(string id, MonitoringAlert alert, string etag, CancellationToken cancellationToken)
    {
        try
        {
            return await alerts.ReplaceAsync(id, alert, etag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }

    /// <summary>Same objective, value, time and source: the same measurement (a retried post records nothing twice).</summary>
    internal static string DerivedId(string objectiveId, double value, DateTimeOffset at, MeasurementSource source)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{objectiveId}|{value:R}|{at.UtcTicks}|{source}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>The card a press answers with, and whether the press changed anything.</summary>
public sealed record AdaptiveCardResult(Teams.Cards.AdaptiveCard Card, bool Changed);
