using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;

namespace Aims.Infrastructure.Directory;

internal static class GraphExtensions
{
    /// <summary>Graph with application permissions. Credential: client secret, certificate, or managed identity (in that order of presence).</summary>
    public static IServiceCollection AddGraphDirectory(this IServiceCollection services, IConfigurationSection section)
    {
        services.AddSingleton(_ =>
        {
            var credential = CreateCredential(section);
            return new GraphServiceClient(credential, ["https://graph.microsoft.com/.default"]);
        });
        services.AddSingleton<Aims.Core.Directory.IDirectoryClient, GraphDirectoryClient>();
        return services;
    }

    internal static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var tenant = section["TenantId"];
        var clientId = section["ClientId"];
        var secret = section["ClientSecret"];
        var certificate = section["CertificatePath"];
        if (!string.IsNullOrWhiteSpace(secret))
        {
            return new ClientSecretCredential(Require(tenant, "Directory:TenantId"), Require(clientId, "Directory:ClientId"), secret);
        }

        if (!string.IsNullOrWhiteSpace(certificate))
        {
            return new ClientCertificateCredential(Require(tenant, "Directory:TenantId"), Require(clientId, "Directory:ClientId"), certificate);
        }

        return string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }

    private static string Require(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidOperationException($"{name} is required for Graph with a client secret or certificate.") : value;
}
