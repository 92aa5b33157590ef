using Aims.Application.Http;
using Aims.Application.Work;
using Aims.Application.Workspace;
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

    public static string Id(ApiRequest request) => request.Id.ToUpperInvariant();
}

/// <summary><c>GET /api/documents</c>: the document register.</summary>
public sealed class ListDocumentsHandler(DocumentService service, TimeProvider time) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var items = new List<object>();
        await foreach (var d in service.Store.ListAsync(request.Aborted))
        {
            items.Add(new { document = d.Value, status = d.Value.Status, currentApproved = d.Value.CurrentApproved?.Version, pastReview = d.Value.IsPastReview(today) });
        }

        return ApiResults.Ok(new { items });
    }
}

/// <summary><c>GET /api/documents/{id}</c>.</summary>
public sealed class GetDocumentHandler(DocumentService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var doc = await service.Store.GetAsync(DocumentAccess.Id(request), request.Aborted);
        return doc is null ? ApiProblems.NotFound($"No document '{DocumentAccess.Id(request)}'.") : ApiResults.Saved(doc);
    }
}

/// <summary><c>POST /api/documents</c> (AIMS manager): registers a document (no version yet).</summary>
public sealed class CreateDocumentHandler(DocumentService service) : IEndpointHandler<DocumentRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<DocumentRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SaveAsync(null, request.Body, null, request.Caller, request.Aborted), StatusCodes.Status201Created);
    }
}

/// <summary><c>PUT /api/documents/{id}</c> (AIMS manager; <c>If-Match</c> honoured): title, type, owner, review interval and date, controls.</summary>
public sealed class UpdateDocumentHandler(DocumentService service) : IEndpointHandler<DocumentRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<DocumentRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SaveAsync(DocumentAccess.Id(request), request.Body, request.IfMatch, request.Caller, request.Aborted));
    }
}

/// <summary>
/// <c>POST /api/documents/{id}/versions</c> (owner or AIMS manager): multipart form with <c>version</c>, optional <c>changeSummary</c>
/// and the <c>file</c>. The file becomes evidence (hashed, mirrored to SharePoint when configured); the version starts as a draft.
/// The pipeline has authenticated the caller before this reads a byte of the upload.
/// </summary>
public sealed class AddDocumentVersionHandler(DocumentService service) : IEndpointHandler
{
    public const long MaxUploadBytes = DocumentValidator.MaxFileBytes + 65_536;

    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = request.Http.Request;
        if (!http.HasFormContentType)
        {
            return ApiProblems.Validation("body", "Send multipart/form-data with the fields version, changeSummary (optional) and file.");
        }

        if (http.ContentLength is > MaxUploadBytes)
        {
            return ApiProblems.TooLarge($"A document file is at most {DocumentValidator.MaxFileBytes / (1024 * 1024)} MB.");
        }

        var form = await http.ReadFormAsync(request.Aborted);
        var file = form.Files.GetFile("file");
        if (file is null) return ApiProblems.Validation("file", "A file is required.");
        if (file.Length > DocumentValidator.MaxFileBytes) return ApiProblems.Validation("file", $"At most {DocumentValidator.MaxFileBytes / (1024 * 1024)} MB.");
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, request.Aborted);
        return ApiResults.Saved(
            await service.AddVersionAsync(DocumentAccess.Id(request), form["version"].ToString(), form["changeSummary"].ToString(), file.FileName, file.ContentType, buffer.ToArray(), request.Caller, request.Aborted),
            StatusCodes.Status201Created);
    }
}

/// <summary><c>GET /api/documents/{id}/versions/{version}/file</c>: the file, checked against its hash on the way out.</summary>
public sealed class GetDocumentFileHandler(DocumentService service, IEvidenceStore evidence) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var doc = await service.Store.GetAsync(DocumentAccess.Id(request), request.Aborted);
        var version = doc?.Value.Find(request.Route("version"));
        if (doc is null || version is null) return ApiProblems.NotFound("No such document version.");
        var stream = await evidence.OpenPayloadAsync(version.EvidenceId, request.Aborted);
        return stream is null
            ? ApiProblems.Status(StatusCodes.Status410Gone, $"The evidence {version.EvidenceId} holding this file is missing; run the ledger verification.")
            : Results.Stream(stream, version.ContentType, version.FileName);
    }
}

/// <summary><c>POST /api/documents/{id}/versions/{version}/submit</c> (owner or AIMS manager): the draft goes to its approvers in Teams.</summary>
public sealed class SubmitDocumentVersionHandler(DocumentService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SubmitAsync(DocumentAccess.Id(request), request.Route("version"), request.Caller, request.RequestId, request.Aborted));
    }
}

/// <summary><c>POST /api/documents/{id}/decisions</c>: approve, reject or send back the version in approval (same rules as the card).</summary>
public sealed class DecideDocumentHandler(DocumentService service) : IEndpointHandler<DocumentDecisionRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<DocumentDecisionRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        if (body.Outcome is not { } outcome) return ApiProblems.Validation("outcome", "Approved, Rejected or ChangesRequested.");
        var result = await service.DecideAsync(DocumentAccess.Id(request), request.Caller, outcome, body.Comment, body.RequestId ?? Guid.NewGuid().ToString("N"), request.Aborted);
        return ApiResults.Ok(new { document = result.Current.Value, notice = result.Notice, republishedCampaigns = result.Republished }, result.Current.ETag);
    }
}

/// <summary><c>POST /api/documents/{id}/review</c> (owner or AIMS manager): the periodic review outcome.</summary>
public sealed class ReviewDocumentHandler(DocumentService service) : IEndpointHandler<DocumentReviewRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<DocumentReviewRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        if (body.Outcome is not { } outcome) return ApiProblems.Validation("outcome", "NoChange or NewVersionNeeded.");
        return ApiResults.Saved(await service.ReviewAsync(DocumentAccess.Id(request), outcome, body.Comment, request.Caller, request.Aborted));
    }
}

/// <summary>
/// Daily: the owner of each approved document whose review date has come gets a review card, once per review date (claimed in the
/// delivery log, so two instances or a rerun send nothing twice).
/// </summary>
public sealed class DocumentReviewJob(DocumentService service, Proactive.OneTimeCardSender cards, WorkspaceLinks links, TimeProvider time, ILogger<DocumentReviewJob> logger) : IScheduledJob
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

            if (await cards.SendOnceAsync($"document-review:{doc.Id}:{due:yyyy-MM-dd}", doc.OwnerObjectId, DocumentReviewCard.Create(doc, links), cancellationToken))
            {
                sent++;
            }
        }

        logger.LogInformation("Document reviews: {Sent} owners asked", sent);
    }
}
