using Aims.Core.Evidence;
using Aims.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aims.Infrastructure.Evidence;

public static class EvidenceExtensions
{
    /// <summary>The evidence store behind <see cref="IEvidenceStore"/>, with its container and tables created on start.</summary>
    public static IServiceCollection AddEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new EvidenceOptions();
        configuration.GetSection(EvidenceOptions.SectionName).Bind(options);
        options.Validate();
        services.AddSingleton(Options.Create(options));
        services.AddStorageContainer(options.Container);
        services.AddStorageTable(options.LedgerTable);
        services.AddStorageTable(options.IndexTable);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IEvidenceStore, BlobEvidenceStore>();
        return services;
    }
}
