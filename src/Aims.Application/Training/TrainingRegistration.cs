using Aims.Application.Demo;
using Aims.Application.Work;
using Aims.Core.Directory;
using Aims.Teams.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Training;

public static class TrainingRegistration
{
    /// <summary>Training campaigns and attestations: service, sends and poison reader, follow-up job, card action, commands, demo seed.</summary>
    public static IServiceCollection AddTrainingCapability(this IServiceCollection services)
    {
        services.AddSingleton<TrainingService>();
        services.AddSingleton<Core.Reviews.ITrainingCompletionByDepartment, TrainingCompletionForDigest>();
        services.AddSingleton<ITrainingMessenger, ProactiveTrainingMessenger>();
        services.AddQueueHandler<TrainingSendHandler>(AimsQueues.TrainingSends);
        services.AddQueueHandler<TrainingSendPoisonHandler>(AimsQueues.TrainingSendsPoison);
        services.AddQueueHandler<TrainingLaunchHandler>(AimsQueues.TrainingLaunch);
        services.AddQueueHandler<TrainingLaunchPoisonHandler>(AimsQueues.TrainingLaunchPoison);
        services.AddSingleton<TrainingFollowUpJob>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<TrainingFollowUpJob>());
        services.AddSingleton<ICardActionHandler, TrainingAttestAction>();
        // The campaign form picks its audience groups and excluded people by name.
        services.AddSingleton(new DirectorySearchUse(DirectoryDataset.Groups, TrainingApi.Managers, "campaign form: audience"));
        services.AddSingleton(new DirectorySearchUse(DirectoryDataset.People, TrainingApi.Managers, "campaign form: excluded people"));
        services.AddDecisionAnnouncer<TrainingAnnouncer>();
        services.AddDecisionAnnouncer<CampaignLaunchAnnouncer>();
        services.AddSingleton<ICardActionHandler, CampaignCardActions>();
        services.AddSingleton<IBotCommand, TrainingCommand>();
        services.AddSingleton<IBotCommand, CampaignCommand>();
        services.AddSingleton<IDemoSeed, TrainingDemoSeed>();
        services.AddSingleton<Evidence.IAuditPackSection, TrainingPackSection>();
        return services;
    }
}
