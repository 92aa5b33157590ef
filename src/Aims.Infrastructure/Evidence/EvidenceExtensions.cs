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

        var signing = new PackSigningOptions();
        configuration.GetSection(PackSigningOptions.SectionName).Bind(signing);
        if (!string.IsNullOrWhiteSpace(signing.SigningKeyId))
        {
            RequireKeyVaultKey($"{PackSigningOptions.SectionName}:SigningKeyId", signing.SigningKeyId);
            services.AddSingleton(signing);
            services.AddSingleton<IPackSigner>(sp => new KeyVaultPackSigner(signing, ManagedIdentities.For(signing.ManagedIdentityClientId),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<KeyVaultPackSigner>>()));
        }

        var reporterKey = new ReporterKeyOptions();
        configuration.GetSection(ReporterKeyOptions.SectionName).Bind(reporterKey);
        if (!string.IsNullOrWhiteSpace(reporterKey.KeyId))
        {
            RequireKeyVaultKey($"{ReporterKeyOptions.SectionName}:KeyId", reporterKey.KeyId);
            services.AddSingleton(reporterKey);
            services.AddStorageContainer(KeyVaultReporterKeySource.Container);
            services.AddSingleton<Core.Reports.IReporterIdentityKeySource>(sp => new KeyVaultReporterKeySource(reporterKey,
                new KeyVaultKeys(ManagedIdentities.For(reporterKey.ManagedIdentityClientId), signing.Scope), sp.GetRequiredService<StorageClients>(),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<KeyVaultReporterKeySource>>()));
        }

        return services;
    }

    /// <summary>Throws at start-up unless the setting is a Key Vault key URL.</summary>
    private static void RequireKeyVaultKey(string setting, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var key) || key.Scheme != Uri.UriSchemeHttps || !key.AbsolutePath.StartsWith("/keys/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{setting} must be a Key Vault key URL, https://<vault>.vault.azure.net/keys/<name> (got '{value}').");
        }
    }
}
