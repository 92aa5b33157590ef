using Aims.Application.Http;
using Aims.Core.Reviews;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Reviews;

/// <summary><c>GET /api/management-reviews</c>: every recorded review, newest held first.</summary>
public sealed class ListManagementReviewsHandler(ManagementReviewRecorder recorder) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var records = new List<ManagementReviewRecord>();
        await foreach (var record in recorder.ListAsync(request.Aborted))
        {
            records.Add(record.Value);
        }

        return ApiResults.Ok(records.OrderByDescending(r => r.HeldOn).ThenByDescending(r => r.RecordedAt).ToList());
    }
}

/// <summary><c>GET /api/management-reviews/{id}</c>: the record of the review held on digest <c>id</c>.</summary>
public sealed class GetManagementReviewHandler(ManagementReviewRecorder recorder) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await recorder.GetAsync(request.Id, request.Aborted) ?? throw new KeyNotFoundException($"No management review of digest '{request.Id}' is recorded.");
        return ApiResults.Saved(record);
    }
}

/// <summary><c>POST /api/management-reviews/{id}/record</c> (top management): records the review held on digest <c>id</c>.</summary>
public sealed class RecordManagementReviewHandler(ManagementReviewRecorder recorder) : IEndpointHandler<ManagementReviewRecordForm>
{
    public async Task<IResult> HandleAsync(ApiRequest<ManagementReviewRecordForm> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (record, _) = await recorder.RecordAsync(request.Id, request.Caller, request.Body, request.RequestId, request.Aborted);
        return ApiResults.Saved(record, StatusCodes.Status201Created);
    }
}

/// <summary><c>POST /api/management-reviews/{id}/close</c> (top management, AIMS managers): closes a review whose actions are all done.</summary>
public sealed class CloseManagementReviewHandler(ManagementReviewRecorder recorder) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await recorder.CloseAsync(request.Id, request.Caller, request.Aborted));
    }
}

/// <summary>
/// <c>GET /api/management-reviews/digests/latest</c>: the latest digest, with the review recorded on it and
/// what the record form offers; 404 before the first digest.
/// </summary>
public sealed class GetCurrentReviewHandler(ManagementReviewService reviews) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = await reviews.CurrentAsync(request.Aborted) ?? throw new KeyNotFoundException("No management review digest has been sent yet.");
        return ApiResults.Ok(current);
    }
}
