using Aims.Application.Work;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>Timer triggers, one per entry of <see cref="AimsSchedules.All"/>; the runner claims the occurrence and runs the shared job.</summary>
public sealed class ScheduleFunctions(ScheduledJobRunner runner)
{
    [Function("EvidenceSettlement")]
    public Task EvidenceSettlement([TimerTrigger(AimsSchedules.EvidenceSettlement)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(AimsSchedules.EvidenceSettlementJob, cancellationToken);

    [Function("RoleSnapshot")]
    public Task RoleSnapshot([TimerTrigger(AimsSchedules.RoleSnapshot)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(AimsSchedules.RoleSnapshotJob, cancellationToken);

    [Function("RoleChangeCheck")]
    public Task RoleChangeCheck([TimerTrigger(AimsSchedules.RoleChangeCheck)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(AimsSchedules.RoleChangeCheckJob, cancellationToken);

    [Function("RiskFollowUp")]
    public Task RiskFollowUp([TimerTrigger(AimsSchedules.RiskFollowUp)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(AimsSchedules.RiskFollowUpJob, cancellationToken);

    [Function("CorrectiveActionFollowUp")]
    public Task CorrectiveActionFollowUp([TimerTrigger(AimsSchedules.CorrectiveActionFollowUp)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(AimsSchedules.CorrectiveActionFollowUpJob, cancellationToken);
    [Function("AnonymousReporterMigration")]
    public Task AnonymousReporterMigration([TimerTrigger(AimsSchedules.AnonymousReporterMigration)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(AimsSchedules.AnonymousReporterMigrationJob, cancellationToken);

    [Function("TrainingFollowUp")]
    public Task TrainingFollowUp([TimerTrigger(AimsSchedules.TrainingFollowUp)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(AimsSchedules.TrainingFollowUpJob, cancellationToken);

    [Function("ManagementReview")]
    public Task ManagementReview([TimerTrigger(AimsSchedules.ManagementReview)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(AimsSchedules.ManagementReviewJob, cancellationToken);

    [Function("ReviewCycles")]
    public Task ReviewCycles([TimerTrigger(AimsSchedules.ReviewCycles)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(AimsSchedules.ReviewCyclesJob, cancellationToken);

    [Function("ObjectiveMeasurements")]
    public Task ObjectiveMeasurements([TimerTrigger(AimsSchedules.ObjectiveMeasurements)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(AimsSchedules.ObjectiveMeasurementsJob, cancellationToken);

    [Function("DocumentReviews")]
    public Task DocumentReviews([TimerTrigger(AimsSchedules.DocumentReviews)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(AimsSchedules.DocumentReviewsJob, cancellationToken);
}
