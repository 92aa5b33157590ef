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
public sealed class ListEvidenceHandler(IEvidenceStore evidence) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = request.Query;
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
            return ApiProblems.Validation(errors);
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
            }, request.Aborted);
            return Results.Ok(page);
        }
        catch (ArgumentException ex)
        {
            return ApiProblems.Validation(ex.ParamName ?? "query", ex.Message);
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
public sealed class GetEvidenceHandler(IEvidenceStore evidence) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id;
        if (string.IsNullOrWhiteSpace(id))
        {
            return Results.NotFound();
        }

        try
        {
            var item = await evidence.GetAsync(Uri.UnescapeDataString(id), request.Aborted);
            return item is null ? ApiProblems.NotFound($"No evidence item '{id}'.") : Results.Ok(item);
        }
        catch (ArgumentException)
        {
            return ApiProblems.NotFound($"'{id}' is not an evidence id.");
        }
    }
}

/// <summary><c>GET /api/evidence/{id}/payload</c>: the payload bytes, hash-checked while they stream.</summary>
public sealed class GetEvidencePayloadHandler(IEvidenceStore evidence) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Uri.UnescapeDataString(request.Id);
        try
        {
            var item = await evidence.GetAsync(id, request.Aborted);
            var stream = item is null ? null : await evidence.OpenPayloadAsync(id, request.Aborted);
            return stream is null
                ? ApiProblems.NotFound($"No evidence item '{id}'.")
                : Results.Stream(stream, item!.ContentType, fileDownloadName: AuditPackNames.PayloadFileName(item));
        }
        catch (ArgumentException)
        {
            return ApiProblems.NotFound($"'{id}' is not an evidence id.");
        }
    }
}

/// <summary><c>GET /api/evidence/verify</c>: walks the ledger, re-hashes every item, reports the first broken link and every problem.</summary>
public sealed class VerifyEvidenceHandler(IEvidenceStore evidence) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await evidence.VerifyAsync(request.Aborted);
        return Results.Ok(result);
    }
}
