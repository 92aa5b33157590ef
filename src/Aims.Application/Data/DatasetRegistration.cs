using Aims.Application.Evidence;
using Aims.Core.Data;
using Aims.Infrastructure.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Data;

public static class DatasetRegistration
{
    public const string TableName = "datasets";

    /// <summary>Data for AI systems (A.7): the dataset register, its quality checks, its audit pack section and demo datasets.</summary>
    public static IServiceCollection AddDatasetCapability(this IServiceCollection services)
    {
        services.AddRecordStore<Dataset>(TableName, "dataset");
        services.AddSingleton<DatasetService>();
        services.AddSingleton<IOwedEvidenceSweep, RecordStoreSweep<Dataset>>();
        services.AddSingleton<IAuditPackSection, DatasetPackSection>();
        services.AddSingleton<Demo.IDemoSeed, DatasetDemoSeed>();
        return services;
    }
}
