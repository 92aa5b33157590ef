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
public sealed class GapsHandler(ApiCallerResolver callers, GapAnalyzer analyzer, IEnumerable<Core.Reviews.IDocumentsPastReviewSource> documents) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, RegisterApi.Overseers, "see the gap analysis");
        if (error is not null)
        {
            return error;
        }

        var report = await analyzer.AnalyseAsync(context.RequestAborted);
        var all = bool.TryParse(context.Request.Query["all"], out var a) && a;
        return RegisterApi.Json(new
        {
            report.AsOf,
            report.ReviewPeriodDays,
            report.Overall,
            report.Clauses,
            report.Controls,
            report.Groups,
            gaps = report.Gaps,
            documentsPastReview = documents.FirstOrDefault() is { } d ? await d.PastReviewAsync(context.RequestAborted) : [],
            items = all ? report.Items : null,
        });
    }
}

/// <summary><c>GET /api/catalog</c> (any AIMS role): clause and Annex A ids and short titles, and the indicative crosswalks.</summary>
public sealed class CatalogHandler(ApiCallerResolver callers) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, RegisterApi.Readers, "read the catalog");
        if (error is not null)
        {
            return error;
        }

        return RegisterApi.Json(new
        {
            standard = "ISO/IEC 42001:2023",
            clauses = Iso42001Catalog.Clauses,
            objectives = Iso42001Catalog.Objectives,
            crosswalk = new { disclaimer = Crosswalk.Disclaimer, entries = Crosswalk.All },
        });
    }
}
