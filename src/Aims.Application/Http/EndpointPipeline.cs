using System.Diagnostics;
using System.Text.Json;
using Aims.Core.Register;
using Aims.Core.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Http;

/// <summary>
/// The one adapter between a host and an <see cref="ApiEndpoint"/>, in this order: authentication and the role check (before any
/// byte of the body is read), <c>If-Match</c> when required, the size-bounded JSON body, the handler, and the mapping of every
/// domain refusal to <see cref="ApiProblems"/>. The DevHost maps each declaration to it; each Functions trigger dispatches to it.
/// </summary>
public static class EndpointPipeline
{
    public static async Task<IResult> RunAsync(HttpContext http, ApiEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        Activity.Current?.SetTag(AimsTelemetry.EndpointTag, endpoint.Name);
        if (endpoint.IsRaw)
        {
            return await endpoint.Invoke(http, null, null);
        }

        Core.Identity.Actor? caller = null;
        IReadOnlySet<string> appRoles = new HashSet<string>();
        if (!endpoint.Access.Anonymous)
        {
            var callers = http.RequestServices.GetRequiredService<ApiCallerResolver>();
            (caller, appRoles, var refused) = await callers.AuthorizeAsync(http, endpoint.Access);
            if (refused is not null)
            {
                return refused;
            }
        }

        var request = new ApiRequest(http, endpoint, caller, appRoles);
        if (endpoint.RequiresIfMatch && request.IfMatch is null)
        {
            return ApiProblems.Status(StatusCodes.Status428PreconditionRequired, "Send If-Match with the ETag of the version you read (GET answers it in the ETag header).");
        }

        object? body = null;
        if (endpoint.BodyKind == EndpointBody.Json)
        {
            var (value, bad) = await ReadJsonAsync(http, endpoint.Body!, endpoint.MaxBodyBytes);
            if (bad is not null)
            {
                return bad;
            }

            body = value;
        }

        try
        {
            return await endpoint.Invoke(http, request, body);
        }
        catch (Exception ex) when (ApiProblems.FromRefusal(ex) is { } problem)
        {
            return problem;
        }
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> of JSON: 413 above, a ValidationProblem naming the field when it is not JSON of the type, or <c>null</c>.</summary>
    public static async Task<(object? Value, IResult? Error)> ReadJsonAsync(HttpContext http, Type type, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.ContentLength > maxBytes)
        {
            return (null, ApiProblems.TooLarge($"The body is larger than {maxBytes} bytes."));
        }

        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            await new LimitedStream(http.Request.Body, maxBytes).CopyToAsync(buffer, http.RequestAborted);
            bytes = buffer.ToArray();
        }
        catch (InvalidDataException ex)
        {
            return (null, ApiProblems.TooLarge(ex.Message));
        }

        try
        {
            var value = JsonSerializer.Deserialize(bytes, type, RegisterJson.Options);
            return value is null or JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }
                ? (null, ApiProblems.Validation("body", "A JSON object is required."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path?.TrimStart('$', '.') is { Length: > 0 } p ? p : LastPropertyRead(bytes) ?? "body";
            return (null, ApiProblems.Validation(field, $"Not valid: {ex.Message.Split('.')[0]}."));
        }
    }

    /// <summary>The name of the property whose value is not JSON (an untyped body has no path in the exception); null when the JSON is well formed.</summary>
    private static string? LastPropertyRead(byte[] json)
    {
        string? last = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    last = reader.GetString();
                }
            }

            return null; // well-formed JSON: the body as a whole does not fit the type
        }
        catch (JsonException)
        {
            // The reader stops where the serializer did; the last property name read is the field.
            return last;
        }
    }

    /// <summary>Reads a streamed text body (CSV) of at most <paramref name="maxBytes"/>; null when it is larger.</summary>
    public static async Task<string?> ReadTextAsync(ApiRequest request, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Http.Request.ContentLength > maxBytes)
        {
            return null;
        }

        try
        {
            using var reader = new StreamReader(new LimitedStream(request.Http.Request.Body, maxBytes), System.Text.Encoding.UTF8);
            return await reader.ReadToEndAsync(request.Aborted);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A read-only stream that fails with <see cref="InvalidDataException"/> past a byte limit (chunked bodies have no length).</summary>
    public sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            _read += n;
            return _read > limit ? throw new InvalidDataException($"The body is larger than {limit} bytes.") : n;
        }
    }
}
