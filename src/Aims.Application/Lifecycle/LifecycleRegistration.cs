using Aims.Application.Work;
using Aims.Core.Lifecycle;
using Aims.Infrastructure.Records;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Lifecycle;

public static class LifecycleRegistration
{
    public const string TableName = "lifecycle";

    /// <summary>The AI system life cycle (A.6.2): gate requests decided in Teams, documents attached to systems, the gate criteria.</summary>
    public static IServiceCollection AddLifecycleCapability(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new GateCriteriaOptions();
        configuration.GetSection(GateCriteriaOptions.SectionName).Bind(options);
        services.AddSingleton(options);
        services.AddRecordStore<GateRequest>(TableName, "gate");
        services.AddRecordStore<SystemArtefact>(TableName, "artefact");
        services.AddSingleton<LifecycleService>();
        services.AddDecisionAnnouncer<GateAnnouncer>();
        services.AddSingleton<ICardActionHandler, LifecycleCardActions>();
        services.AddSingleton<Demo.IDemoSeed, LifecycleDemoSeed>();
        services.AddSingleton<Evidence.IAuditPackSection, LifecyclePackSection>();
        return services;
    }
}
