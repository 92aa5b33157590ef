using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Aims.Infrastructure.Directory;

internal static class GraphExtensions
{
    internal static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];

    /// <summary>
    /// Graph with application permissions. Credential: client secret, certificate, or managed identity (in that order of presence).
    /// One <see cref="HttpClient"/> for the app's lifetime, built by <see cref="GraphClientFactory"/> with the SDK's default
    /// middleware (retry honouring Retry-After, redirect, parameter decoding, user agent, telemetry).
    /// </summary>
    public static IServiceCollection AddGraphDirectory(this IServiceCollection services, IConfigurationSection section)
    {
        var retry = RetryFrom(section.GetSection("Graph"));
        services.AddSingleton(_ => CreateGraphClient(new AzureIdentityAuthenticationProvider(CreateCredential(section), allowedHosts: null, observabilityOptions: null, isCaeEnabled: true, scopes: Scopes), retry));
        services.AddSingleton<GraphDirectoryClient>();
        return services;
    }

    /// <summary>
    /// A Graph client over an <see cref="HttpClient"/> from <see cref="GraphClientFactory"/> with its default handlers,
    /// the retry handler configured by <paramref name="retry"/>. <paramref name="finalHandler"/> replaces the network (tests).
    /// </summary>
    internal static GraphServiceClient CreateGraphClient(IAuthenticationProvider authentication, RetryHandlerOption? retry = null, HttpMessageHandler? finalHandler = null) =>
        new(CreateHttpClient(retry, finalHandler), authentication);

    /// <summary>The <see cref="HttpClient"/> under <see cref="CreateGraphClient"/>: the SDK's default middleware, its retry handler configured by <paramref name="retry"/>.</summary>
    internal static HttpClient CreateHttpClient(RetryHandlerOption? retry = null, HttpMessageHandler? finalHandler = null)
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        if (retry is not null)
        {
            var index = handlers.IndexOf(handlers.OfType<RetryHandler>().Single());
            handlers[index].Dispose();
            handlers[index] = new RetryHandler(retry);
        }

        return GraphClientFactory.Create(handlers, finalHandler: finalHandler);
    }

    /// <summary><c>Directory:Graph:MaxRetries</c> (0-10, default 3) and <c>Directory:Graph:RetryDelaySeconds</c> (first back-off when Graph sends no Retry-After, default 3).</summary>
    internal static RetryHandlerOption RetryFrom(IConfigurationSection section)
    {
        var maxRetries = section.GetValue("MaxRetries", 3);
        var delay = section.GetValue("RetryDelaySeconds", 3);
        if (maxRetries is < 0 or > 10)
        {
            throw new InvalidOperationException($"Directory:Graph:MaxRetries must be between 0 and 10 (got {maxRetries}).");
        }

        if (delay is < 0 or > 180)
        {
            throw new InvalidOperationException($"Directory:Graph:RetryDelaySeconds must be between 0 and 180 (got {delay}).");
        }

        return new RetryHandlerOption { MaxRetry = maxRetries, Delay = delay };
    }

    internal static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var tenant = section["TenantId"];
        var clientId = section["ClientId"];
        var secret = section["ClientSecret"];
        var certificate = section["CertificatePath"];
        var federated = section["FederatedCredentialClientId"];
        if (!string.IsNullOrWhiteSpace(federated))
        {
            // No secret at all: the app registration trusts this managed identity (docs/deploy.md).
            var identity = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(federated));
            return new ClientAssertionCredential(Require(tenant, "Directory:TenantId"), Require(clientId, "Directory:ClientId"), async ct =>
                (await identity.GetTokenAsync(new TokenRequestContext(["api://AzureADTokenExchange/.default"]), ct).ConfigureAwait(false)).Token);
        }

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
        string.IsNullOrWhiteSpace(value) ? throw new InvalidOperationException($"{name} is required for Graph with a federated credential, a client secret or a certificate.") : value;
}
