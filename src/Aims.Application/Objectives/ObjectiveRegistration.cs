using Aims.Application.Work;
using Aims.Core.Objectives;
using Aims.Core.Reviews;
using Aims.Infrastructure.Objectives;
using Aims.Infrastructure.Records;
using Aims.Infrastructure.Storage;
using Aims.Teams.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Objectives;

public static class ObjectiveRegistration
{
    public const string TableName = "objectives";

    /// <summary>AI objectives and KPIs (6.2, 9.1): computed, monitored and manual measurements, breach incidents, digest trends.</summary>
    public static IServiceCollection AddObjectiveCapability(this IServiceCollection services)
    {
        services.AddRecordStore<AiObjective>(TableName, "objective");
        services.AddRecordStore<MonitoringAlert>(TableName, "alert");
        services.AddStorageTable(TableMeasurementLog.TableName);
        services.AddSingleton<IMeasurementLog, TableMeasurementLog>();
        services.AddSingleton<ObjectiveService>();
        services.AddDecisionAnnouncer<BreachAnnouncer>();
        services.AddSingleton<ComputedMetricSource>();
        services.AddSingleton<IScheduledJob, ObjectiveMeasurementJob>();
        services.AddSingleton<ICardActionHandler, ObjectiveCardActions>();
        services.AddSingleton<IObjectiveTrendsSource, ObjectiveTrendsForDigest>();
        services.AddSingleton<Demo.IDemoSeed, ObjectiveDemoSeed>();
        services.AddSingleton<Evidence.IAuditPackSection, ObjectivePackSection>();
        return services;
    }
}
