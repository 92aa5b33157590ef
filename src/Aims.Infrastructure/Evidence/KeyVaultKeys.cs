using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Aims.Infrastructure.Evidence;

/// <summary>
/// The Key Vault keys REST API (<c>api-version=7.4</c>) with the app's identity: a GET of a key, or a POST of a key operation
/// (sign, wrapkey, unwrapkey), answered as JSON. Used by the pack signer and the reporter identity key.
/// </summary>
public sealed class KeyVaultKeys(TokenCredential credential, string scope, HttpPipelineTransport? transport = null)
{
    public const string ApiVersion = "7.4";
    private readonly HttpPipeline _pipeline = HttpPipelineBuilder.Build(new PipelineOptions(transport), new BearerTokenAuthenticationPolicy(credential, scope));

    /// <summary>The key (<c>{"key": {"kid", "n", "e", ...}}</c>) at its identifier.</summary>
    public Task<JsonElement> GetAsync(string keyId, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Get, new Uri($"{keyId.TrimEnd('/')}?api-version={ApiVersion}"), null, cancellationToken);

    /// <summary>An operation of one key version, e.g. <c>sign</c>, with its JSON body.</summary>
    public Task<JsonElement> PostAsync(string keyVersionId, string operation, object body, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Post, new Uri($"{keyVersionId.TrimEnd('/')}/{operation}?api-version={ApiVersion}"), JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken);

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
