using Aims.Core.Directory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Aims.Infrastructure.Directory;

public static class DirectoryExtensions
{
    /// <summary>
    /// Registers the directory named by <c>Directory:Provider</c>. There is no default: a missing or unknown provider
    /// stops the host, so production can never run on the demo directory by accident.
    /// </summary>
    public static IServiceCollection AddAimsDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Directory");
        var provider = section["Provider"];
        var roleGroups = new RoleGroupOptions();
        foreach (var child in section.GetSection("Groups").GetChildren())
        {
            roleGroups.Groups[child.Key] = child.Value ?? string.Join(',', child.GetChildren().Select(c => c.Value));
        }

        var cache = new DirectoryCacheOptions();
        section.GetSection("Cache").Bind(cache);
        cache.Validate();

        services.AddSingleton(roleGroups);
        services.AddSingleton(cache);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new RoleResolver(sp.GetRequiredService<IDirectoryClient>(), roleGroups, sp.GetRequiredService<TimeProvider>(), cache.RolesTimeToLive));

        switch (provider)
        {
            case "LocalFile":
                var path = section["LocalFile"];
                if (string.IsNullOrWhiteSpace(path))
                {
                    throw new InvalidOperationException("Directory:Provider is LocalFile but Directory:LocalFile (the JSON file) is not set.");
                }

                services.AddSingleton(_ => LocalDirectoryClient.Load(Path.GetFullPath(path)));
                services.AddSingleton<IDirectoryClient>(sp => Cached<LocalDirectoryClient>(sp, cache));
                services.AddSingleton<IDirectorySearch>(sp => sp.GetRequiredService<LocalDirectoryClient>());
                break;
            case "Graph":
                services.AddGraphDirectory(section);
                services.AddSingleton<IDirectoryClient>(sp => Cached<GraphDirectoryClient>(sp, cache));
                // Searches are never cached: each keystroke asks for what the directory holds now.
                services.AddSingleton<IDirectorySearch>(sp => sp.GetRequiredService<GraphDirectoryClient>());
                break;
            default:
                throw new InvalidOperationException(
                    $"Directory:Provider must be 'Graph' or 'LocalFile' (got '{provider ?? "nothing"}'). Production uses Graph; only local development uses LocalFile.");
        }

        var install = new TeamsAppInstallOptions();
        configuration.GetSection(TeamsAppInstallOptions.Section).Bind(install);
        services.AddSingleton(install);
        if (install.InstallAppForUnreachable)
        {
            if (provider != "Graph" || string.IsNullOrWhiteSpace(install.TeamsAppCatalogId))
            {
                throw new InvalidOperationException("Training:InstallAppForUnreachable needs Directory:Provider=Graph and Training:TeamsAppCatalogId (the app's id in the Teams app catalog).");
            }

            services.AddSingleton<Core.Messaging.ITeamsAppInstaller, GraphTeamsAppInstaller>();
        }

        return services;
    }

    /// <summary>Every provider sits behind the same cache, so the DevHost exercises what production runs.</summary>
    private static CachedDirectoryClient Cached<TProvider>(IServiceProvider sp, DirectoryCacheOptions cache)
        where TProvider : IDirectoryClient =>
        new(sp.GetRequiredService<TProvider>(), cache, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CachedDirectoryClient>>());
}
