using Aims.Core.Evidence;
using Aims.Infrastructure.Directory;
using Aims.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Authentication;

namespace Aims.Infrastructure.Evidence.Mirror;

public static class EvidenceMirrorExtensions
{
    /// <summary>
    /// The SharePoint mirror when <c>SharePoint:DriveId</c> is set, else <see cref="DisabledEvidenceMirror"/>. The status
    /// table and the processor are always there (health and the audit pack read them either way).
    /// </summary>
    public static IServiceCollection AddEvidenceMirror(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new SharePointMirrorOptions();
        configuration.GetSection(SharePointMirrorOptions.SectionName).Bind(options);
        options.Validate();
        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageTable(TableEvidenceMirrorStatus.DefaultTableName);
        services.AddSingleton<IEvidenceMirrorStatus>(sp => new TableEvidenceMirrorStatus(sp.GetRequiredService<StorageClients>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EvidenceMirrorProcessor>();
        if (!options.IsEnabled)
        {
            services.AddSingleton<IEvidenceMirror, DisabledEvidenceMirror>();
            return services;
        }

        // Its own Graph client (the directory may run on the local file), with the directory's app registration and retry settings.
        var directory = configuration.GetSection("Directory");
        var retry = GraphExtensions.RetryFrom(directory.GetSection("Graph"));
        services.AddSingleton<IEvidenceMirror>(sp => new SharePointEvidenceMirror(
            SharePointGraph.Create(new AzureIdentityAuthenticationProvider(GraphExtensions.CreateCredential(directory), allowedHosts: null, observabilityOptions: null, isCaeEnabled: true, scopes: GraphExtensions.Scopes), retry),
            sp.GetRequiredService<IOptions<SharePointMirrorOptions>>(),
            sp.GetRequiredService<ILogger<SharePointEvidenceMirror>>()));
        return services;
    }
}
