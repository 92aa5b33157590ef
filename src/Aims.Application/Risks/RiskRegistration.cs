using Aims.Application.Evidence;
using Aims.Application.Work;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Risks;

public static class RiskRegistration
{
    /// <summary>The risk register and its approval workflow in Teams.</summary>
    public static IServiceCollection AddRiskCapability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RiskOptions>().Bind(configuration.GetSection("Risks"));
        services.AddSingleton<RiskService>();
        services.AddSingleton<RiskNotifier>();
        services.AddDecisionAnnouncer<RiskAnnouncer>();
        services.AddDecisionAnnouncer<ImpactAssessmentAnnouncer>();
        services.AddSingleton<ICardActionHandler, ImpactAssessmentCardActions>();
        services.AddSingleton<ImpactAssessmentService>();
        services.AddSingleton<Core.Reviews.IImpactAssessmentStatusSource, ImpactAssessmentDigestStatus>();
        services.AddSingleton<RiskImport>();
        services.AddSingleton<ICardActionHandler, RiskCardActions>();
        services.AddSingleton<IBotCommand, MyApprovalsCommand>();
        services.AddSingleton<IBotCommand, RisksCommand>();
        services.AddSingleton<IBotCommand, RiskCommand>();
        services.AddSingleton<IScheduledJob, RiskFollowUpJob>();
        services.AddSingleton<IAuditPackSection, RiskAuditPackSection>();
        services.AddSingleton<Demo.IDemoSeed, RiskDemoSeed>();
        return services;
    }
}
