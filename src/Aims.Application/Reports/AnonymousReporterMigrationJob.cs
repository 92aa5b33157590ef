using Aims.Application.Work;
using Aims.Core.Register;
using Aims.Core.Reports;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Reports;

/// <summary>
/// Hourly, idempotent: anonymous reports stored before their reporter was protected (the object id and name in plain text in
/// the row) are rewritten as <see cref="AnonymousReporters"/> stores new ones: encrypted with a lookup hash, or with nothing
/// kept when the organisation keeps no identity. Each row is replaced conditional on its ETag; a row changed meanwhile is
/// left for the next run. A protected row is never touched again.
/// </summary>
public sealed class AnonymousReporterMigrationJob(IReportStore reports, AnonymousReporters anonymity, ILogger<AnonymousReporterMigrationJob> logger) : IScheduledJob
{
    public string Name => AimsSchedules.AnonymousReporterMigrationJob;

    public async Task RunAsync(CancellationToken cancellationToken) => await MigrateAsync(cancellationToken);

    /// <summary>How many rows were protected by this run.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var plain = new List<string>();
        await foreach (var report in reports.ListAllAsync(cancellationToken))
        {
            if (report.HoldsPlainAnonymousReporter)
            {
                plain.Add(report.Id);
            }
        }

        var migrated = 0;
        foreach (var id in plain)
        {
            if (await reports.GetAsync(id, cancellationToken) is not { Report.HoldsPlainAnonymousReporter: true } current)
            {
                continue;
            }

            var r = current.Report;
            try
            {
                await reports.UpdateAsync(await anonymity.ProtectAsync(r, r.ReporterObjectId, r.ReporterName, cancellationToken), current.ETag, cancellationToken);
                migrated++;
            }
            catch (ConcurrencyConflictException)
            {
                logger.LogInformation("Report {ReportId} changed while its anonymous reporter was being protected; the next run does it", id);
            }
        }

        logger.LogInformation("Anonymous reporter migration: {Migrated} of {Found} reports protected ({Keeping})", migrated, plain.Count, anonymity.KeepsIdentity ? "encrypted" : "no identity kept");
        return migrated;
    }
}
