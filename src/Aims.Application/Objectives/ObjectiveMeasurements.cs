using System.Globalization;
using Aims.Application.Proactive;
using Aims.Application.Work;
using Aims.Application.Workspace;
using Aims.Core.Identity;
using Aims.Core.Objectives;
using Aims.Core.Reviews;
using Aims.Core.Risks;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Objectives;

/// <summary>
/// The metrics the AIMS computes from its own stores (<see cref="ComputedMetrics"/>), with the same definitions the digest uses.
/// Null when there is nothing to compute from yet (no training assigned, say): no data rather than a made-up 100 %.
/// </summary>
public sealed class ComputedMetricSource(IRiskRegister risks, IReviewCycles reviews, IEnumerable<ITrainingCompletionByDepartment> training, TimeProvider time)
{
    public async Task<double?> ComputeAsync(string metric, CancellationToken cancellationToken)
    {
        switch (metric)
        {
            case ComputedMetrics.TrainingCompletion:
                if (training.FirstOrDefault() is not { } source) return null;
                var rows = await source.GetAsync(cancellationToken);
                var assigned = rows.Sum(r => r.Assigned);
                return assigned == 0 ? null : Math.Round(100.0 * rows.Sum(r => r.Completed) / assigned, 2);
            case ComputedMetrics.OverdueTreatments:
                var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                var overdue = 0;
                await foreach (var risk in risks.ListAllAsync(cancellationToken))
                {
                    overdue += risk.Actions.Count(a => !a.Done && a.DueDate < today);
                }

                return overdue;
            case ComputedMetrics.ReviewCompletion:
                // Tasks opened in the last 12 months, of every cycle and out of cycle: how many were answered.
                var from = time.GetUtcNow().AddDays(-365);
                int total = 0, done = 0;
                var cycleIds = new List<string> { ReviewTask.OutOfCycle };
                await foreach (var cycle in reviews.ListCyclesAsync(cancellationToken)) cycleIds.Add(cycle.Id);
                foreach (var cycleId in cycleIds)
                {
                    await foreach (var task in reviews.ListTasksAsync(cycleId, cancellationToken))
                    {
                        if (task.OpenedAt < from) continue;
                        total++;
                        if (task.IsDone) done++;
                    }
                }

                return total == 0 ? null : Math.Round(100.0 * done / total, 2);
            default:
                return null;
        }
    }
}

/// <summary>
/// Daily: computes the computed objectives that are due, and asks the owners of manual objectives for their value (one card per
/// objective and period, claimed in the delivery log so a second run or instance sends nothing twice).
/// </summary>
public sealed class ObjectiveMeasurementJob(
    ObjectiveService service,
    ComputedMetricSource computed,
    OneTimeCardSender cards,
    WorkspaceLinks links,
    TimeProvider time,
    ILogger<ObjectiveMeasurementJob> logger) : IScheduledJob
{
    public string Name => AimsSchedules.ObjectiveMeasurementsJob;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int computedCount = 0, asked = 0;
        await foreach (var item in service.Store.ListAsync(cancellationToken))
        {
            var objective = item.Value;
            if (!objective.IsMeasurementDue(now))
            {
                continue;
            }

            try
            {
                switch (objective.Source)
                {
                    case MeasurementSource.Computed when await computed.ComputeAsync(objective.Metric, cancellationToken) is { } value:
                        await service.RecordAsync(objective.Id, value, now, MeasurementSource.Computed, Actor.System, "Computed by the AIMS from its own records.",
                            $"computed:{now.UtcDateTime:yyyy-MM-dd}", cancellationToken);
                        computedCount++;
                        break;
                    case MeasurementSource.Manual:
                        // One request per period: a period ends with the measurement that answers it (or starts at creation).
                        var key = $"objective-measure:{objective.Id}:{objective.Latest?.Id ?? "created-" + objective.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}";
                        if (await cards.SendOnceAsync(key, objective.OwnerObjectId, ObjectiveMeasurementCard.Create(objective, links), cancellationToken))
                        {
                            asked++;
                        }

                        break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One broken objective must not stop the others.
                logger.LogError(ex, "Objective {ObjectiveId} could not be measured", objective.Id);
            }
        }

        logger.LogInformation("Objective measurements: {Computed} computed, {Asked} owners asked", computedCount, asked);
    }
}

/// <summary>Each objective's trend since the last management review for the digest (9.3.2 d): on target, off target or no data.</summary>
public sealed class ObjectiveTrendsForDigest(ObjectiveService service, IMeasurementLog log) : IObjectiveTrendsSource
{
    public async Task<IReadOnlyList<ObjectiveTrend>> TrendsSinceAsync(DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        var trends = new List<ObjectiveTrend>();
        await foreach (var item in service.Store.ListAsync(cancellationToken))
        {
            var o = item.Value;
            if (o.Retired)
            {
                continue;
            }

            var inPeriod = 0;
            double? atLastReview = null;
            await foreach (var m in log.ListAsync(o.Id, null, cancellationToken))
            {
                if (since is null || m.At > since)
                {
                    inPeriod++;
                    continue;
                }

                atLastReview = m.Value; // The newest measurement at or before the last review.
                break;
            }

            var latest = inPeriod > 0 ? o.Latest : null;
            var status = latest is null ? TrendStatus.NoData : o.IsOnTarget(latest.Value) ? TrendStatus.OnTarget : TrendStatus.OffTarget;
            trends.Add(new ObjectiveTrend(o.Id, o.Title, o.TargetText, status, latest?.Value, atLastReview, inPeriod, o.Unit));
        }

        return trends;
    }
}
