using System.Text.Json;
using Aims.Application.Http;
using Aims.Core.Identity;
using Aims.Core.Register;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Register;

/// <summary>What the register endpoints share: roles, JSON, route values and ETags.</summary>
internal static class RegisterApi
{
    /// <summary>Reading the register, the SoA and the catalog: any AIMS role.</summary>
    public static readonly AimsRole[] Readers = Enum.GetValues<AimsRole>();

    /// <summary>Bulk views (export, gaps): those who oversee the AIMS.</summary>
    public static readonly AimsRole[] Overseers = [AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement];

    public static readonly AimsRole[] Managers = [AimsRole.AimsManager];

    public const long MaxJsonBodyBytes = 256 * 1024;
    public const long MaxCsvBodyBytes = 4 * 1024 * 1024;

    public static IResult Json(object value, int statusCode = StatusCodes.Status200OK) => ApiCall.Json(value, statusCode);

    public static string? RouteValue(HttpContext context, string name) =>
        context.Request.RouteValues.TryGetValue(name, out var value) ? value?.ToString() : null;

    public static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: detail);

    public static IResult Conflict(string detail) => Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: detail);

    /// <summary>The If-Match value, or an error: 428 when missing (or '*': a blind overwrite is not allowed).</summary>
    public static (string? ETag, IResult? Error) RequireIfMatch(HttpContext context)
    {
        var value = context.Request.Headers.IfMatch.ToString().Trim();
        if (string.IsNullOrEmpty(value) || value == "*")
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired,
                detail: "Send If-Match with the ETag of the version you read (GET answers it in the ETag header)."));
        }

        return (value, null);
    }

    public static string? OptionalIfMatch(HttpContext context)
    {
        var value = context.Request.Headers.IfMatch.ToString().Trim();
        return string.IsNullOrEmpty(value) || value == "*" ? null : value;
    }

    public static void SetETag(HttpContext context, string? etag)
    {
        if (etag is not null)
        {
            context.Response.Headers.ETag = etag;
        }
    }

    /// <summary>Reads a JSON body of at most <see cref="MaxJsonBodyBytes"/>; an error result when it is not JSON of that shape.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpContext context)
        where T : class
    {
        if (context.Request.ContentLength > MaxJsonBodyBytes)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The body is larger than {MaxJsonBodyBytes} bytes."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(new LimitedStream(context.Request.Body, MaxJsonBodyBytes), RegisterJson.Options, context.RequestAborted);
            return value is null
                ? (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"The body is not valid JSON of the expected shape: {ex.Message}"));
        }
        catch (InvalidDataException ex)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: ex.Message));
        }
    }

    /// <summary>Reads a text body of at most <paramref name="maxBytes"/>; null when it is larger.</summary>
    public static async Task<string?> ReadTextAsync(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }

        try
        {
            using var reader = new StreamReader(new LimitedStream(context.Request.Body, maxBytes), System.Text.Encoding.UTF8);
            return await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A read-only stream that fails with <see cref="InvalidDataException"/> past a byte limit (chunked bodies have no length).</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
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
