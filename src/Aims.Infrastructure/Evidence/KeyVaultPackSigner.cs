using System.Text.Json;
using System.Text.Json.Serialization;
using Aims.Core.Evidence;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace Aims.Infrastructure.Evidence;

/// <summary>
/// Signs pack manifests with an RSA key held in Azure Key Vault (the private key never leaves the vault), through the Key Vault
/// REST API: <c>GET {key}</c> for the public key and <c>POST {key-version}/sign</c> with <c>RS256</c>. The signature is made
/// with the exact version whose public key was read, so the two always match.
/// </summary>
public sealed class KeyVaultPackSigner(PackSigningOptions options, TokenCredential credential, ILogger<KeyVaultPackSigner> logger, HttpPipelineTransport? transport = null) : IPackSigner
{
    private const string ApiVersion = "7.4";
    private readonly HttpPipeline _pipeline = HttpPipelineBuilder.Build(
        new PipelineOptions(transport), new BearerTokenAuthenticationPolicy(credential, options.Scope));
    private PackSigningKey? _key;

    public async Task<PackSigningKey> GetPublicKeyAsync(CancellationToken cancellationToken = default)
    {
        if (_key is { } known)
        {
            return known;
        }

        var body = await SendAsync(RequestMethod.Get, new Uri($"{options.SigningKeyId!.TrimEnd('/')}?api-version={ApiVersion}"), null, cancellationToken);
        var key = body.GetProperty("key");
        var jwk = new PackSigningKey(key.GetProperty("kid").GetString()!, key.GetProperty("n").GetString()!, key.GetProperty("e").GetString()!);
        logger.LogInformation("Audit pack signing key {KeyId} from Key Vault, fingerprint {Fingerprint}", jwk.KeyId, jwk.Fingerprint);
        return _key = jwk;
    }

    public async Task<byte[]> SignDigestAsync(byte[] sha256Digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256Digest);
        var key = await GetPublicKeyAsync(cancellationToken);
        var body = await SendAsync(RequestMethod.Post, new Uri($"{key.KeyId}/sign?api-version={ApiVersion}"),
            JsonSerializer.SerializeToUtf8Bytes(new SignRequest(PackSigningKey.Algorithm, Base64Url.Encode(sha256Digest))), cancellationToken);
        return Base64Url.Decode(body.GetProperty("value").GetString()!);
    }

    private async Task<JsonElement> SendAsync(RequestMethod method, Uri uri, byte[]? content, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add("Accept", "application/json");
        if (content is not null)
        {
            message.Request.Headers.Add("Content-Type", "application/json");
            message.Request.Content = RequestContent.Create(content);
        }

        await _pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        if (response.IsError)
        {
            throw new InvalidOperationException($"Key Vault answered {response.Status} to {method} {uri.GetLeftPart(UriPartial.Path)}: {response.Content}");
        }

        using var document = await JsonDocument.ParseAsync(response.ContentStream!, cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }

    private sealed record SignRequest([property: JsonPropertyName("alg")] string Alg, [property: JsonPropertyName("value")] string Value);

    private sealed class PipelineOptions : ClientOptions
    {
        public PipelineOptions(HttpPipelineTransport? transport)
        {
            if (transport is not null)
            {
                Transport = transport;
            }
        }
    }
}
