using Aims.Application.Apis;
using Aims.Application.Evidence;
using Aims.Application.Roles;
using Aims.Application.Http;
using Aims.Application.Proactive;
using Aims.Application.Risks;
using Aims.Application.Register;
using Aims.Application.Training;
using Aims.Application.Work;
using Aims.Infrastructure;
using Aims.Infrastructure.Directory;
using Aims.Infrastructure.Storage;
using Aims.Teams;
using Aims.Teams.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application;

public static class Extensions
{
    /// <summary>
    /// Everything the app needs, for either host. The Functions app and the DevHost both call this and add only their
    /// trigger adapters, so they cannot register different services (a test compares them).
    /// </summary>
    public static IServiceCollection AddAims(this IServiceCollection services, IConfiguration configuration, string hostName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new HostIdentity(hostName));
        services.AddAimsInfrastructure(configuration);
        services.AddAimsDirectory(configuration);
        services.AddBotConnector(configuration);
        services.AddAimsTeams();

        services.AddOptions<ApiOptions>().Bind(configuration.GetSection("Api"))
            .PostConfigure(o => o.TabClientId ??= string.IsNullOrWhiteSpace(configuration["Bot:AppId"]) ? null : configuration["Bot:AppId"]);
        services.AddSingleton<ApiCallerResolver>();
        services.AddOptions<Workspace.WorkspaceOptions>().Bind(configuration.GetSection(Workspace.WorkspaceOptions.SectionName));
        services.AddSingleton<Workspace.WorkspaceLinks>();

        // Endpoint handlers: one per declaration in ApiEndpoints.All.
        foreach (var endpoint in ApiEndpoints.All)
        {
            services.AddScoped(endpoint.Handler);
        }

        services.AddSingleton<WorkQueue>();
        services.AddSingleton<QueueDispatcher>();
        services.AddSingleton<ScheduledJobRunner>();
        services.AddSingleton<RoleSnapshotter>();
        services.AddSingleton<IScheduledJob, RoleSnapshotJob>();
        services.AddSingleton<IScheduledJob, RoleChangeCheckJob>();
        services.AddQueueHandler<ProactiveMessageHandler>(AimsQueues.ProactiveMessages);
        services.AddSingleton<InstallingMessenger>();
        services.AddSingleton<CardCopies>();
        services.AddSingleton<OneTimeCardSender>();
        services.AddSingleton<Demo.DemoSeeder>();

        // Bot jobs: long work asked for in chat, answered proactively.
        services.AddSingleton<Jobs.BotJobQueue>();
        services.AddQueueHandler<Jobs.BotJobHandler>(AimsQueues.BotJobs);

        // Evidence: settlement of owed evidence, API, verification, audit pack.
        services.AddSingleton<Evidence.EvidenceSettlement>();
        services.AddSingleton<Evidence.OwedRecordWriter>();
        services.AddSingleton<IScheduledJob, Evidence.EvidenceSettlementJob>();
        services.AddSingleton<Evidence.AuditPackExporter>();
        services.AddOptions<TimestampAuthorityOptions>().Bind(configuration.GetSection(TimestampAuthorityOptions.SectionName));
        services.AddHttpClient(TimestampAuthorityClient.HttpClientName);
        services.AddSingleton<TimestampAuthorityClient>();
        services.AddStorageContainer(Infrastructure.Exports.BlobExportStore.ContainerName);
        services.AddSingleton<Infrastructure.Exports.BlobExportStore>();
        services.AddSingleton<Teams.Conversations.IBotCommand, Evidence.AuditPackCommand>();
        services.AddSingleton<Jobs.IBotJob, Evidence.AuditPackJob>();
        services.AddSingleton<Evidence.VerifyEvidenceCommand>();
        services.AddSingleton<Teams.Conversations.IBotCommand>(sp => sp.GetRequiredService<Evidence.VerifyEvidenceCommand>());
        services.AddSingleton<Jobs.IBotJob>(sp => sp.GetRequiredService<Evidence.VerifyEvidenceCommand>());
        services.AddEvidenceMirrorWork();
        services.AddRegisterCapability(configuration);
        services.AddRiskCapability(configuration);
        services.AddTrainingCapability();
        Reviews.ReviewRegistration.AddReviewCapability(services, configuration);
        Context.ContextRegistration.AddContextCapability(services);
        Objectives.ObjectiveRegistration.AddObjectiveCapability(services);
        Documents.DocumentRegistration.AddDocumentCapability(services);
        Lifecycle.LifecycleRegistration.AddLifecycleCapability(services, configuration);
        Data.DatasetRegistration.AddDatasetCapability(services);
        ThirdParties.ThirdPartyRegistration.AddThirdPartyCapability(services);
        Incidents.IncidentCommunicationRegistration.AddIncidentCommunicationCapability(services);
        return services;
    }
}
