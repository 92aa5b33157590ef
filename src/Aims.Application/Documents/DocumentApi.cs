using Aims.Application.Http;
using Aims.Application.Work;
using Aims.Core.Documents;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Documents;

/// <summary>A decision through the API (the card's alternative).</summary>
public sealed record DocumentDecisionRequest(DocumentDecisionOutcome? Outcome, string? Comment, string? RequestId);

/// <summary>A periodic review through the API.</summary>
public sealed record DocumentReviewRequest(DocumentReviewOutcome? Outcome, string? Comment);

internal static class DocumentAccess
{
    public static readonly AimsRole[] Readers = [AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement, AimsRole.RiskOwner];

    public static IResult Saved(HttpContext context, Core.Records.Versioned<ControlledDocument> stored, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.ETag = stored.ETag;
        return ApiCall.Json(stored.Value, status);
    }

    public static string Id(HttpContext context) => ApiCall.RouteValue(context, "id").ToUpperInvariant();
}

/// <summary><c>GET /api/documents</c>: the document register.</summary>
public sealed class ListDocumentsHandler(ApiCallerResolver callers, DocumentService service, TimeProvider time) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, DocumentAccess.Readers, "read the document register");
        if (error is not null) return error;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var items = new List<object>();
        await foreach (var d in service.Store.ListAsync(context.RequestAborted))
        {
            items.Add(new { document = d.Value, status = d.Value.Status, currentApproved = d.Value.CurrentApproved?.Version, pastReview = d.Value.IsPastReview(today) });
        }

        return ApiCall.Json(new { items });
    }
}

/// <summary><c>GET /api/documents/{id}</c>.</summary>
public sealed class GetDocumentHandler(ApiCallerResolver callers, DocumentService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, DocumentAccess.Readers, "read the document register");
        if (error is not null) return error;
        var doc = await service.Store.GetAsync(DocumentAccess.Id(context), context.RequestAborted);
        return doc is null ? Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No document '{DocumentAccess.Id(context)}'.") : DocumentAccess.Saved(context, doc);
    }
}

/// <summary><c>POST /api/documents</c> (AIMS manager): registers a document (no version yet).</summary>
public sealed class CreateDocumentHandler(ApiCallerResolver callers, DocumentService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "manage controlled documents");
        if (error is not null) return error;
        var (body, bad) = await ApiCall.ReadJsonAsync<DocumentRequest>(context);
        return bad ?? await ApiCall.RunAsync(async () => DocumentAccess.Saved(context, await service.SaveAsync(null, body!, null, caller!, context.RequestAborted), StatusCodes.Status201Created));
    }
}

/// <summary><c>PUT /api/documents/{id}</c> (AIMS manager; <c>If-Match</c> honoured): title, type, owner, review interval and date, controls.</summary>
public sealed class UpdateDocumentHandler(ApiCallerResolver callers, DocumentService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "manage controlled documents");
        if (error is not null) return error;
        var (body, bad) = await ApiCall.ReadJsonAsync<DocumentRequest>(context);
        return bad ?? await ApiCall.RunAsync(async () =>
            DocumentAccess.Saved(context, await service.SaveAsync(DocumentAccess.Id(context), body!, context.Request.Headers.IfMatch.ToString(), caller!, context.RequestAborted)));
    }
}

/// <summary>
/// <c>POST /api/documents/{id}/versions</c> (owner or AIMS manager): multipart form with <c>version</c>, optional <c>changeSummary</c>
/// and the <c>file</c>. The file becomes evidence (hashed, mirrored to SharePoint when configured); the version starts as a draft.
/// </summary>
public sealed class AddDocumentVersionHandler(ApiCallerResolver callers, DocumentService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = await callers.AuthenticateAsync(context);
        if (caller is null) return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "Sign in: a valid Entra ID access token for this API is required.");
        if (!context.Request.HasFormContentType)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send multipart/form-data with the fields version, changeSummary (optional) and file."] });
        }

        if (context.Request.ContentLength is > DocumentValidator.MaxFileBytes + 65_536)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"A document file is at most {DocumentValidator.MaxFileBytes / (1024 * 1024)} MB.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var file = form.Files.GetFile("file");
        if (file is null) return Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["A file is required."] });
        if (file.Length > DocumentValidator.MaxFileBytes) return Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"At most {DocumentValidator.MaxFileBytes / (1024 * 1024)} MB."] });
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, context.RequestAborted);
        return await ApiCall.RunAsync(async () => DocumentAccess.Saved(context,
            await service.AddVersionAsync(DocumentAccess.Id(context), form["version"].ToString(), form["changeSummary"].ToString(), file.FileName, file.ContentType, buffer.ToArray(), caller, context.RequestAborted),
            StatusCodes.Status201Created));
    }
}

/// <summary><c>GET /api/documents/{id}/versions/{version}/file</c>: the file, checked against its hash on the way out.</summary>
public sealed class GetDocumentFileHandler(ApiCallerResolver callers, DocumentService service, IEvidenceStore evidence) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, DocumentAccess.Readers, "read the document register");
        if (error is not null) return error;
        var doc = await service.Store.GetAsync(DocumentAccess.Id(context), context.RequestAborted);
        var version = doc?.Value.Find(ApiCall.RouteValue(context, "version"));
        if (doc is null || version is null) return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such document version.");
        var stream = await evidence.OpenPayloadAsync(version.EvidenceId, context.RequestAborted);
        return stream is null
            ? Results.Problem(statusCode: StatusCodes.Status410Gone, detail: $"The evidence {version.EvidenceId} holding this file is missing; run the ledger verification.")
            : Results.Stream(stream, version.ContentType, version.FileName);
    }
}

/// <summary><c>POST /api/documents/{id}/versions/{version}/submit</c> (owner or AIMS manager): the draft goes to its approvers in Teams.</summary>
public sealed class SubmitDocumentVersionHandler(ApiCallerResolver callers, DocumentService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = await callers.AuthenticateAsync(context);
        if (caller is null) return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "Sign in: a valid Entra ID access token for this API is required.");
        var requestId = context.Request.Headers["X-Request-Id"].ToString() is { Length: > 0 } r ? r : Guid.NewGuid().ToString("N");
        return await ApiCall.RunAsync(async () => DocumentAccess.Saved(context,
            await service.SubmitAsync(DocumentAccess.Id(context), ApiCall.RouteValue(context, "version"), caller, requestId, context.RequestAborted)));
    }
}

/// <summary><c>POST /api/documents/{id}/decisions</c>: approve, reject or send back the version in approval (same rules as the card).</summary>
public sealed class DecideDocumentHandler(ApiCallerResolver callers, DocumentService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = await callers.AuthenticateAsync(context);
        if (caller is null) return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "Sign in: a valid Entra ID access token for this API is required.");
        var (body, bad) = await ApiCall.ReadJsonAsync<DocumentDecisionRequest>(context);
        if (bad is not null) return bad;
        if (body!.Outcome is not { } outcome) return Results.ValidationProblem(new Dictionary<string, string[]> { ["outcome"] = ["Approved, Rejected or ChangesRequested."] });
        return await ApiCall.RunAsync(async () =>
        {
            var result = await service.DecideAsync(DocumentAccess.Id(context), caller, outcome, body.Comment, body.RequestId ?? Guid.NewGuid().ToString("N"), context.RequestAborted);
            context.Response.Headers.ETag = result.Current.ETag;
            return ApiCall.Json(new { document = result.Current.Value, notice = result.Notice, republishedCampaigns = result.Republished });
        });
    }
}

/// <summary><c>POST /api/documents/{id}/review</c> (owner or AIMS manager): the periodic review outcome.</summary>
public sealed class ReviewDocumentHandler(ApiCallerResolver callers, DocumentService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = await callers.AuthenticateAsync(context);
        if (caller is null) return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "Sign in: a valid Entra ID access token for this API is required.");
        var (body, bad) = await ApiCall.ReadJsonAsync<DocumentReviewRequest>(context);
        if (bad is not null) return bad;
        if (body!.Outcome is not { } outcome) return Results.ValidationProblem(new Dictionary<string, string[]> { ["outcome"] = ["NoChange or NewVersionNeeded."] });
        return await ApiCall.RunAsync(async () => DocumentAccess.Saved(context, await service.ReviewAsync(DocumentAccess.Id(context), outcome, body.Comment, caller, context.RequestAborted)));
    }
}

/// <summary>
/// Daily: the owner of each approved document whose review date has come gets a review card, once per review date (claimed in the
/// delivery log, so two instances or a rerun send nothing twice).
/// </summary>
public sealed class DocumentReviewJob(DocumentService service, Proactive.OneTimeCardSender cards, TimeProvider time, ILogger<DocumentReviewJob> logger) : IScheduledJob
{
    public string Name => AimsSchedules.DocumentReviewsJob;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var sent = 0;
        await foreach (var item in service.Store.ListAsync(cancellationToken))
        {
            var doc = item.Value;
            if (doc.CurrentApproved is null || doc.ReviewDate is not { } due || due > today)
            {
                continue;
            }

            if (await cards.SendOnceAsync($"document-review:{doc.Id}:{due:yyyy-MM-dd}", doc.OwnerObjectId, DocumentReviewCard.Create(doc), cancellationToken))
            {
                sent++;
            }
        }

        logger.LogInformation("Document reviews: {Sent} owners asked", sent);
    }
}
