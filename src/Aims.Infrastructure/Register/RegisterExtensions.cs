using Aims.Core.Register;
using Aims.Core.Soa;
using Aims.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Infrastructure.Register;

public static class RegisterExtensions
{
    /// <summary>The AI system inventory and the Statement of Applicability, with their tables created on start.</summary>
    public static IServiceCollection AddRegister(this IServiceCollection services)
    {
        services.AddStorageTable(TableAiSystemRegistry.TableName);
        services.AddSingleton<IAiSystemRegistry, TableAiSystemRegistry>();
        services.AddStorageTable(TableSoaStore.TableName);
        services.AddSingleton<ISoaStore, TableSoaStore>();
        return services;
    }
}
