using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Infrastructure.Storage;

public static class StorageExtensions
{
    /// <summary>Registers the storage clients from the <c>AimsStorage</c> setting and the start-up provisioner.</summary>
    public static IServiceCollection AddAimsStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Configure(o =>
        {
            var section = configuration.GetSection(StorageOptions.ConnectionName);
            o.ConnectionString = section.Value ?? configuration.GetConnectionString(StorageOptions.ConnectionName);
            o.BlobServiceUri = ReadUri(section, "blobServiceUri");
            o.QueueServiceUri = ReadUri(section, "queueServiceUri");
            o.TableServiceUri = ReadUri(section, "tableServiceUri");
            o.ClientId = section["clientId"];
            o.Prefix = configuration[StorageOptions.PrefixName];
            if (!string.IsNullOrEmpty(o.Prefix) && (o.Prefix.Length > 20 || !char.IsAsciiLetterLower(o.Prefix[0]) || !o.Prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))))
            {
                throw new InvalidOperationException($"{StorageOptions.PrefixName} '{o.Prefix}' must be up to 20 lowercase letters and digits, starting with a letter.");
            }
        });
        services.AddSingleton(sp => new StorageClients(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value));
        services.AddSingleton<StorageHealth>();
        services.AddHostedService<StorageProvisioner>();
        return services;
    }

    public static IServiceCollection AddStorageTable(this IServiceCollection services, string name) =>
        services.Configure<StorageOptions>(o => o.Tables.Add(name));

    public static IServiceCollection AddStorageContainer(this IServiceCollection services, string name) =>
        services.Configure<StorageOptions>(o => o.Containers.Add(name));

    public static IServiceCollection AddStorageQueue(this IServiceCollection services, string name) =>
        services.Configure<StorageOptions>(o => o.Queues.Add(name));

    private static Uri? ReadUri(IConfigurationSection section, string key) =>
        Uri.TryCreate(section[key], UriKind.Absolute, out var uri) ? uri : null;
}
