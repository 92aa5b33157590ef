using Aims.Application.Reports;
using Aims.Application.Risks;
using Aims.Application.Work;
using Aims.Core.Risks;
using Aims.Infrastructure.Records;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aims.Application.Reviews;

public static class ReviewRegistration
{
    public const string ManagementReviewRecordTable = "managementreviews";

    /// <summary>Management review (9.3): digest, leadership responses, schedule; and concern / incident / nonconformity reports (10.2).</summary>
    public static IServiceCollection AddReviewCapability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ManagementReviewOptions>().Bind(configuration.GetSection("ManagementReview"));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RiskOptions>>().Value.BuildMatrix());
        services.AddSingleton<IDigestCoverage, GapAnalysisCoverage>();
        services.AddSingleton<DigestBuilder>();
        services.AddRecordStore<Core.Reviews.ManagementReviewRecord>(ManagementReviewRecordTable, "review");
        services.AddSingleton<ManagementReviewService>();
        services.AddSingleton<ManagementReviewRecorder>();
        services.AddSingleton(new Core.Directory.DirectorySearchUse(Core.Directory.DirectoryDataset.People, [Core.Identity.AimsRole.TopManagement], "management review digest: action owners and attendees"));
        services.AddSingleton<Evidence.IOwedEvidenceSweep, ManagementReviewRecordSweep>();
        services.AddDecisionAnnouncer<ManagementReviewAnnouncer>();
        services.AddSingleton<ICardActionHandler, ManagementReviewCardActions>();
        services.AddSingleton<IBotCommand, DigestCommand>();
        services.AddSingleton<IScheduledJob, ManagementReviewJob>();

        services.AddSingleton<Jobs.IBotJob, ManagementReviewDigestJob>();

        services.AddOptions<ReviewCycleOptions>().Bind(configuration.GetSection("ReviewCycles"));
        services.AddSingleton<ReviewItems>();
        services.AddSingleton<ReviewCycleService>();
        services.AddDecisionAnnouncer<ReviewTaskAnnouncer>();
        services.AddSingleton<ICardActionHandler, ReviewTaskCardActions>();
        services.AddSingleton<IScheduledJob, ReviewCycleJob>();
        services.AddSingleton<Core.Register.ISignificantChangeObserver, OutOfCycleImpactReview>();
        services.AddSingleton<Core.Risks.IImpactAssessmentReviewObserver, ImpactReviewCompletion>();

        services.AddSingleton<InternalAuditService>();
        services.AddSingleton<ICardActionHandler, InternalAuditCardActions>();
        services.AddSingleton<Core.Reviews.IAuditResultsSource, InternalAuditResults>();
        services.AddSingleton<Evidence.IAuditPackSection, InternalAuditPackSection>();
        services.AddSingleton<Evidence.IAuditPackSection, ReviewPackSection>();
        services.AddSingleton<Demo.IDemoSeed, ReviewDemoSeed>();

        services.AddOptions<AnonymousReporterOptions>().Bind(configuration.GetSection(AnonymousReporterOptions.SectionName));
        services.AddSingleton<AnonymousReporters>();
        services.AddSingleton<Reports.AnonymousReporterMigrationJob>();
        services.AddSingleton<Work.IScheduledJob>(sp => sp.GetRequiredService<Reports.AnonymousReporterMigrationJob>());
        services.AddSingleton<ReportService>();
        services.AddSingleton<Reports.CorrectiveActionFollowUpJob>();
        services.AddSingleton<Work.IScheduledJob>(sp => sp.GetRequiredService<Reports.CorrectiveActionFollowUpJob>());
        services.AddSingleton<ICardActionHandler, ReportCardActions>();
        services.AddSingleton<IBotCommand, ReportCommand>();
        services.AddSingleton<Evidence.IAuditPackSection, Reports.ReportPackSection>();
        return services;
    }
}
