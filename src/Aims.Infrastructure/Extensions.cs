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
using Microsoft.Extensions.Logging;

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
        services.AddSharedRateLimit(configuration);
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

    /// <summary>
    /// The Teams per-app send budget (<c>Bot:AppRequestsPerSecond</c>) shared by every instance through Table Storage, unless
    /// <c>RateLimit:Enabled</c> is false. The Bot Connector client takes its per-app permits from it when it is registered.
    /// </summary>
    public static IServiceCollection AddSharedRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new SharedRateLimitOptions();
        configuration.GetSection(SharedRateLimitOptions.Section).Bind(options);
        if (!options.Enabled)
        {
            return services;
        }

        if (options.BlockSize is < 1 or > 1000)
        {
            throw new InvalidOperationException($"RateLimit:BlockSize must be between 1 and 1000 (got {options.BlockSize}).");
        }

        var perSecond = Math.Max(1, configuration.GetValue("Bot:AppRequestsPerSecond", 50));
        services.AddStorageTable(TableSharedRateLimiter.TableName);
        services.AddSingleton<ISharedRateLimiter>(sp => new TableSharedRateLimiter(sp.GetRequiredService<StorageClients>(), "bot-connector-app", perSecond, TimeSpan.FromSeconds(1),
            options.BlockSize, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TableSharedRateLimiter>>()));
        return services;
    }
}
