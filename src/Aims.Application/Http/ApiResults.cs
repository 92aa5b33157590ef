using Aims.Core.Register;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Http;

/// <summary>
/// A JSON answer of the management API (register serializer options), with its version in the <c>ETag</c> header and, for a
/// creation, its <c>Location</c>. The one place the API writes ETags.
/// </summary>
public sealed class ApiJson<T>(T value, int statusCode, string? etag, string? location) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IContentTypeHttpResult
{
    public T Value { get; } = value;

    public int StatusCode { get; } = statusCode;

    public string? ETag { get; } = etag;

    public string? Location { get; } = location;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    object? IValueHttpResult.Value => Value;

    public string ContentType => "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!string.IsNullOrEmpty(ETag))
        {
            httpContext.Response.Headers.ETag = ETag;
        }

        if (!string.IsNullOrEmpty(Location))
        {
            httpContext.Response.Headers.Location = Location;
        }

        return Results.Json(Value, RegisterJson.Options, statusCode: StatusCode).ExecuteAsync(httpContext);
    }
}

/// <summary>Typed answers for handlers: <c>ApiResults.Ok(view, etag)</c>, <c>ApiResults.Created(view, location, etag)</c>.</summary>
public static class ApiResults
{
    public static ApiJson<T> Ok<T>(T value, string? etag = null) => new(value, StatusCodes.Status200OK, etag, null);

    public static ApiJson<T> Created<T>(T value, string? location = null, string? etag = null) => new(value, StatusCodes.Status201Created, etag, location);

    public static ApiJson<T> Accepted<T>(T value, string? location = null, string? etag = null) => new(value, StatusCodes.Status202Accepted, etag, location);

    public static ApiJson<T> Json<T>(T value, int statusCode, string? etag = null) => new(value, statusCode, etag, null);

    /// <summary>A stored record and its version.</summary>
    public static ApiJson<T> Saved<T>(Core.Records.Versioned<T> stored, int statusCode = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new(stored.Value, statusCode, stored.ETag, null);
    }
}
