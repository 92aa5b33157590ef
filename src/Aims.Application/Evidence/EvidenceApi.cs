using System.Globalization;
using Aims.Application.Http;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Evidence;

/// <summary>Who may read the evidence: the people who run, lead and audit the management system.</summary>
internal static class EvidenceReaders
{
    public static readonly AimsRole[] Roles = [AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement];
    public static readonly AimsRole[] Verifiers = [AimsRole.AimsManager, AimsRole.Auditor];
}

/// <summary><c>GET /api/evidence</c>: evidence by clause, control, subject, kind and time range, paged.</summary>
public sealed class ListEvidenceHandler(ApiCallerResolver callers, IEvidenceStore evidence) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, EvidenceReaders.Roles, "read evidence");
        if (error is not null)
        {
            return error;
        }

        var q = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var pageSize = 50;
        if (q.TryGetValue("pageSize", out var ps) && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > EvidenceQuery.MaxPageSize))
        {
            errors["pageSize"] = [$"pageSize must be a whole number from 1 to {EvidenceQuery.MaxPageSize}."];
        }

        var from = ParseTime(q["from"], "from", errors);
        var to = ParseTime(q["to"], "to", errors);
        EvidenceKind? kind = null;
        if (q.TryGetValue("kind", out var k) && !string.IsNullOrEmpty(k))
        {
            if (EvidenceKind.IsValid(k))
            {
                kind = new EvidenceKind(k!);
            }
            else
            {
                errors["kind"] = ["kind is not a valid evidence kind (lower-case words joined by hyphens)."];
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        try
        {
            var page = await evidence.ListAsync(new EvidenceQuery
            {
                Clause = Blank(q["clause"]),
                Control = Blank(q["control"]),
                Subject = Blank(q["subject"]),
                Kind = kind,
                From = from,
                To = to,
                PageSize = pageSize,
                ContinuationToken = Blank(q["continuationToken"]),
            }, context.RequestAborted);
            return Results.Ok(page);
        }
        catch (ArgumentException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [ex.ParamName ?? "query"] = [ex.Message] });
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static DateTimeOffset? ParseTime(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.ToUniversalTime();
        }

        errors[name] = [$"{name} must be an ISO 8601 date or time."];
        return null;
    }
}

/// <summary><c>GET /api/evidence/{id}</c>: one item's metadata.</summary>
public sealed class GetEvidenceHandler(ApiCallerResolver callers, IEvidenceStore evidence) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, EvidenceReaders.Roles, "read evidence");
        if (error is not null)
        {
            return error;
        }

        var id = context.Request.RouteValues["id"]?.ToString();
        if (string.IsNullOrWhiteSpace(id))
        {
            return Results.NotFound();
        }

        try
        {
            var item = await evidence.GetAsync(Uri.UnescapeDataString(id), context.RequestAborted);
            return item is null ? Results.Problem(statusCode: 404, detail: $"No evidence item '{id}'.") : Results.Ok(item);
        }
        catch (ArgumentException)
        {
            return Results.Problem(statusCode: 404, detail: $"'{id}' is not an evidence id.");
        }
        catch (EvidenceIntegrityException ex)
        {
            return Results.Problem(statusCode: 409, title: "Evidence altered", detail: ex.Message);
        }
    }
}

/// <summary><c>GET /api/evidence/{id}/payload</c>: the payload bytes, hash-checked while they stream.</summary>
public sealed class GetEvidencePayloadHandler(ApiCallerResolver callers, IEvidenceStore evidence) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, EvidenceReaders.Roles, "read evidence");
        if (error is not null)
        {
            return error;
        }

        var id = Uri.UnescapeDataString(context.Request.RouteValues["id"]?.ToString() ?? string.Empty);
        try
        {
            var item = await evidence.GetAsync(id, context.RequestAborted);
            var stream = item is null ? null : await evidence.OpenPayloadAsync(id, context.RequestAborted);
            return stream is null
                ? Results.Problem(statusCode: 404, detail: $"No evidence item '{id}'.")
                : Results.Stream(stream, item!.ContentType, fileDownloadName: AuditPackNames.PayloadFileName(item));
        }
        catch (ArgumentException)
        {
            return Results.Problem(statusCode: 404, detail: $"'{id}' is not an evidence id.");
        }
        catch (EvidenceIntegrityException ex)
        {
            return Results.Problem(statusCode: 409, title: "Evidence altered", detail: ex.Message);
        }
    }
}

/// <summary><c>GET /api/evidence/verify</c>: walks the ledger, re-hashes every item, reports the first broken link and every problem.</summary>
public sealed class VerifyEvidenceHandler(ApiCallerResolver callers, IEvidenceStore evidence) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, EvidenceReaders.Verifiers, "verify the evidence ledger");
        if (error is not null)
        {
            return error;
        }

        var result = await evidence.VerifyAsync(context.RequestAborted);
        return Results.Ok(result);
    }
}
