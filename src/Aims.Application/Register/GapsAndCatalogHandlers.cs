using Aims.Application.Http;
using Aims.Core.Catalog;
using Aims.Core.Gaps;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Register;

/// <summary>
/// <c>GET /api/gaps</c> (AimsManager, Auditor, TopManagement): coverage per clause group (4..10) and objective (A.2..A.10),
/// overall, and the gaps most important first (<see cref="GapTier"/>: clause 6 and 8 items without evidence, then applicable
/// controls not implemented and without evidence, then applicable controls not implemented, then other clauses, then
/// implemented controls without current evidence; within a tier NotStarted before Planned before Partially, then catalog order).
/// <c>?all=true</c> adds every assessed item.
/// </summary>
public sealed class GapsHandler(GapAnalyzer analyzer, IEnumerable<Core.Reviews.IDocumentsPastReviewSource> documents) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await analyzer.AnalyseAsync(request.Aborted);
        var all = bool.TryParse(request.Query["all"], out var a) && a;
        return ApiResults.Ok(new
        {
            report.AsOf,
            report.ReviewPeriodDays,
            report.Overall,
            report.Clauses,
            report.Controls,
            report.Groups,
            gaps = report.Gaps,
            documentsPastReview = documents.FirstOrDefault() is { } d ? await d.PastReviewAsync(request.Aborted) : [],
            items = all ? report.Items : null,
        });
    }
}

/// <summary><c>GET /api/catalog</c> (any AIMS role): clause and Annex A ids and short titles, and the indicative crosswalks.</summary>
public sealed class CatalogHandler : IEndpointHandler
{
    public Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult<IResult>(ApiResults.Ok(new
        {
            standard = "ISO/IEC 42001:2023",
            clauses = Iso42001Catalog.Clauses,
            objectives = Iso42001Catalog.Objectives,
            crosswalk = new { disclaimer = Crosswalk.Disclaimer, entries = Crosswalk.All },
        }));
    }
}
