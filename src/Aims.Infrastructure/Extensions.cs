using Aims.Core.Messaging;
using Aims.Infrastructure.Evidence;
using Aims.Infrastructure.Messaging;
using Aims.Infrastructure.Register;
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
        services.AddEvidence(configuration);
        services.AddRegister();
        return services;
    }
}
