using Aims.Core.Evidence;
using Aims.Core.Register;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Evidence;

/// <summary>
/// The one way a workflow writes a state change and its evidence. The change is stored together with the evidence it owes
/// (one atomic row write); the evidence is then recorded and the debt settled. When evidence storage fails in between, the
/// change stands and still owes its evidence: the next retry of the same request, the next change of the same record, or
/// the <see cref="EvidenceSettlementJob"/> records it. Recording is idempotent for identical content, so settling twice
/// yields one evidence item.
/// </summary>
public sealed class EvidenceSettlement(IEvidenceStore evidence, ILogger<EvidenceSettlement> logger)
{
    /// <summary>What a person is told when a change was stored but its evidence is still owed.</summary>
    public const string PendingNotice =
        "The change is saved. Its evidence record could not be written yet; it is completed automatically when storage answers again.";

    /// <summary>
    /// Records <paramref name="owed"/> and marks it settled. True when the evidence exists now; false when evidence storage
    /// failed (logged): the record keeps owing it. A decision also owes its announcement: <paramref name="announce"/> (enqueueing
    /// it) runs after the evidence is recorded and before the debt is marked settled, so when enqueueing fails the record keeps
    /// owing and the next retry or the sweep enqueues it again (harmless: announcements are idempotent per decision).
    /// </summary>
    public async Task<bool> TrySettleAsync(string subject, NewEvidence? owed, Func<CancellationToken, Task> markSettled, CancellationToken cancellationToken, Func<CancellationToken, Task>? announce = null)
    {
        ArgumentNullException.ThrowIfNull(markSettled);
        if (owed is null)
        {
            return true;
        }

        try
        {
            await evidence.RecordAsync(owed, cancellationToken);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            logger.LogWarning(ex, "Evidence {EvidenceKind} for {Subject} could not be recorded yet; the stored change still owes it", owed.Kind.Value, subject);
            return false;
        }

        if (announce is not null)
        {
            try
            {
                await announce(cancellationToken);
            }
            catch (Exception ex) when (IsStorageFailure(ex))
            {
                logger.LogWarning(ex, "The announcement of {Subject} could not be queued yet; the stored change still owes it", subject);
                return true;
            }
        }

        try
        {
            await markSettled(cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Written meanwhile (the debt was kept by the merge): whoever reads it next settles again and records nothing new.
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            logger.LogWarning(ex, "Evidence for {Subject} is recorded but the record could not be marked settled; it will be settled again", subject);
        }

        return true;
    }

    /// <summary>
    /// Settles what a record owes before it is changed again; when that cannot be done the new change is refused, so no
    /// debt is ever overwritten.
    /// </summary>
    public async Task SettleBeforeChangeAsync(string subject, NewEvidence? owed, Func<CancellationToken, Task> markSettled, CancellationToken cancellationToken, Func<CancellationToken, Task>? announce = null)
    {
        if (!await TrySettleAsync(subject, owed, markSettled, cancellationToken, announce))
        {
            throw new EvidencePendingException($"{subject} still owes the evidence of its last change, and evidence storage is not answering. Nothing was changed; try again shortly.");
        }
    }

    private static bool IsStorageFailure(Exception ex) => ex is not (OperationCanceledException or ArgumentException or EvidenceIntegrityException);
}

/// <summary>A change refused because the record's previous change still owes evidence that cannot be written now.</summary>
public sealed class EvidencePendingException(string message) : Exception(message);

/// <summary>
/// Every few minutes: records the evidence that stored changes still owe because evidence storage failed right after them
/// and nobody retried. With this, every decision gets its evidence even when the person who pressed never comes back.
/// </summary>
public sealed class EvidenceSettlementJob(
    Aims.Core.Risks.IRiskRegister risks,
    Risks.RiskService riskService,
    Aims.Core.Records.IRecordStore<Aims.Core.Documents.ControlledDocument> documents,
    Documents.DocumentService documentService,
    Aims.Core.Records.IRecordStore<Aims.Core.Objectives.AiObjective> objectives,
    Aims.Core.Records.IRecordStore<Objectives.MonitoringAlert> alerts,
    Objectives.ObjectiveService objectiveService,
    Lifecycle.LifecycleService lifecycle,
    IEnumerable<IOwedEvidenceSweep> sweeps,
    ILogger<EvidenceSettlementJob> logger) : Work.IScheduledJob
{
    public string Name => Work.AimsSchedules.EvidenceSettlementJob;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int settled = 0, pending = 0;
        await foreach (var risk in risks.ListOwingAsync(cancellationToken))
        {
            _ = (await riskService.TrySettleAsync(risk, cancellationToken)).Pending ? pending++ : settled++;
        }

        await foreach (var (id, document) in documents.ListOwingAsync(cancellationToken))
        {
            _ = (await documentService.TrySettleAsync(id, document, cancellationToken)).Pending ? pending++ : settled++;
        }

        await foreach (var (id, objective) in objectives.ListOwingAsync(cancellationToken))
        {
            _ = (await objectiveService.TrySettleObjectiveAsync(id, objective, cancellationToken)).Pending ? pending++ : settled++;
        }

        await foreach (var (id, alert) in alerts.ListOwingAsync(cancellationToken))
        {
            _ = (await objectiveService.TrySettleAlertAsync(id, alert, cancellationToken)).Pending ? pending++ : settled++;
        }

        await foreach (var (id, gate) in lifecycle.Requests.ListOwingAsync(cancellationToken))
        {
            _ = (await lifecycle.TrySettleAsync(id, gate, cancellationToken)).Pending ? pending++ : settled++;
        }

        foreach (var sweep in sweeps)
        {
            var (done, waiting) = await sweep.SweepAsync(cancellationToken);
            settled += done;
            pending += waiting;
        }

        if (settled + pending > 0)
        {
            logger.LogInformation("Evidence settlement: {Settled} owed evidence items recorded, {Pending} still pending", settled, pending);
        }
    }
}
