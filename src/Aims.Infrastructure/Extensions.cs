using Aims.Core.Directory;
using Aims.Core.Messaging;
using Aims.Core.Scheduling;
using Aims.Infrastructure.Directory;
using Aims.Infrastructure.Evidence;
using Aims.Infrastructure.Evidence.Mirror;
using Aims.Infrastructure.Messaging;
using Aims.Infrastructure.Scheduling;
using Aims.Infrastructure.Register;
using Aims.Infrastructure.Training;
using Aims.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Infrastructure;

public static class Extensions
{
    /// <summary>Storage and the adapters behind the domain's ports.</summary>
    public static IServiceCollection AddAimsInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAimsStorage(configuration);
        services.AddStorageTable(TableChatAddressBook.TableName);
        services.AddSingleton<IChatAddressBook, TableChatAddressBook>();
        services.AddStorageTable(TableDeliveryLog.TableName);
        services.AddSingleton<IDeliveryLog, TableDeliveryLog>();
        services.AddStorageTable(TableScheduleClaims.TableName);
        services.AddSingleton<IScheduleClaims, TableScheduleClaims>();
        services.AddStorageTable(TableRoleSnapshotLog.TableName);
        services.AddSingleton<IRoleSnapshotLog, TableRoleSnapshotLog>();
        services.AddStorageTable(TableCardMessageLog.TableName);
        services.AddSingleton<ICardMessageLog, TableCardMessageLog>();
        services.AddStorageTable(Risks.TableRiskRegister.TableName);
        services.AddSingleton<Core.Risks.IRiskRegister, Risks.TableRiskRegister>();
        services.AddStorageTable(Risks.TableImpactAssessmentStore.TableName);
        services.AddSingleton<Core.Risks.IImpactAssessmentStore, Risks.TableImpactAssessmentStore>();
        Reviews.ReviewStorageExtensions.AddReviewStorage(services);
        services.AddEvidence(configuration);
        services.AddEvidenceMirror(configuration);
        services.AddRegister();
        services.AddTrainingStores();
        return services;
    }
}
