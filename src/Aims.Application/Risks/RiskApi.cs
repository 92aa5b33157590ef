using System.Globalization;
using System.Text.Json;
using Aims.Application.Evidence;
using Aims.Application.Http;
using Aims.Core.Directory;
using Aims.Core.Register;
using Aims.Core.Risks;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Risks;

/// <summary>The body of POST and PUT /api/risks.</summary>
public sealed record RiskInput(
    string? AiSystemId,
    string? Title,
    string? Description,
    RiskCategory? Category,
    RiskSource? Source,
    int? Likelihood,
    int? Impact,
    TreatmentOption? Treatment,
    string? TreatmentPlan,
    IReadOnlyList<TreatmentAction>? Actions,
    IReadOnlyList<string>? Controls,
    int? ResidualLikelihood,
    int? ResidualImpact,
    string? OwnerObjectId,
    DateOnly? NextReviewDate)
{
    public Risk ToRisk() => new()
    {
        Id = "new",
        AiSystemId = AiSystemId?.Trim() ?? string.Empty,
        Title = Title?.Trim() ?? string.Empty,
        Description = Description?.Trim() ?? string.Empty,
        Category = Category ?? (RiskCategory)(-1),
        Source = Source ?? (RiskSource)(-1),
        Likelihood = Likelihood ?? 0,
        Impact = Impact ?? 0,
        Treatment = Treatment ?? (TreatmentOption)(-1),
        TreatmentPlan = TreatmentPlan?.Trim() ?? string.Empty,
        Actions = Actions ?? [],
        Controls = Controls?.Select(c => c.Trim()).ToList() ?? [],
        ResidualLikelihood = ResidualLikelihood ?? 0,
        ResidualImpact = ResidualImpact ?? 0,
        OwnerObjectId = OwnerObjectId?.Trim() ?? string.Empty,
        NextReviewDate = NextReviewDate,
    };
}

/// <summary>The body of POST /api/risks/{id}/decisions (the API twin of the card buttons).</summary>
public sealed record DecisionInput(DecisionOutcome? Outcome, string? Comment, int? Revision, string? RequestId);

/// <summary>Shared plumbing of the risk endpoints: auth, body parsing, error mapping.</summary>
internal static class RiskHttp
{
    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpContext context)
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(context.Request.Body, RegisterJson.Options, context.RequestAborted), null);
        }
        catch (JsonException ex)
        {
            return (default, Results.ValidationProblem(new Dictionary<string, string[]> { [ex.Path?.TrimStart('$', '.') is { Length: > 0 } p ? p : "body"] = [$"Not valid: {ex.Message.Split('.')[0]}."] }));
        }
    }

    /// <summary>The shared refusal mapping (<see cref="ApiCall.RunAsync"/>) plus the risk workflow's own refusals.</summary>
    public static Task<IResult> RunAsync(Func<Task<IResult>> action) => ApiCall.RunAsync(async () =>
    {
        try
        {
            return await action();
        }
        catch (RiskValidationException ex)
        {
            return Results.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
        }
        catch (WorkflowRefusedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed now", detail: ex.Message);
        }
    });

    public static string Id(HttpContext context) => context.Request.RouteValues["id"]?.ToString() ?? string.Empty;

    public static IResult Ok(VersionedRisk risk, RiskMatrix matrix, int status = 200, string? notice = null)
    {
        var body = RiskView.From(risk.Risk, matrix) with { Notice = notice };
        var result = status == 201 ? Results.Json(body, RegisterJson.Options, statusCode: 201) : Results.Json(body, RegisterJson.Options);
        return new WithETag(result, risk.ETag);
    }

    private sealed class WithETag(IResult inner, string etag) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ETag = etag;
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>A risk as the API shows it: stored fields plus the ratings the matrix gives.</summary>
public sealed record RiskView(Risk Risk, RiskRating Inherent, RiskRating Residual)
{
    /// <summary>What the caller should know about the write (e.g. evidence still being completed); absent when nothing.</summary>
    public string? Notice { get; init; }

    public static RiskView From(Risk risk, RiskMatrix matrix) => new(risk, risk.Inherent(matrix), risk.Residual(matrix));
}

public sealed class ListRisksHandler(ApiCallerResolver callers, IRiskRegister risks, RiskService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, RiskService.Readers, "read the risk register");
        if (error is not null) return error;
        var q = context.Request.Query;
        ApprovalState? state = null;
        if (q.TryGetValue("state", out var s) && !string.IsNullOrEmpty(s))
        {
            if (!Enum.TryParse<ApprovalState>(s, true, out var parsed)) return Results.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"'{s}' is not an approval state."] });
            state = parsed;
        }

        var pageSize = int.TryParse(q["pageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var ps) ? ps : 50;
        if (pageSize is < 1 or > RiskQuery.MaxPageSize) return Results.ValidationProblem(new Dictionary<string, string[]> { ["pageSize"] = [$"pageSize is 1 to {RiskQuery.MaxPageSize}."] });
        var page = await risks.ListAsync(new RiskQuery { State = state, AiSystemId = q["aiSystemId"], OwnerObjectId = q["owner"], PageSize = pageSize, ContinuationToken = q["continuationToken"] }, context.RequestAborted);
        return Results.Json(new { items = page.Items.Select(v => RiskView.From(v.Risk, service.Matrix)), continuationToken = page.ContinuationToken }, RegisterJson.Options);
    }
}

public sealed class GetRiskHandler(ApiCallerResolver callers, IRiskRegister risks, RiskService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, RiskService.Readers, "read the risk register");
        if (error is not null) return error;
        var risk = await risks.GetAsync(RiskHttp.Id(context), context.RequestAborted);
        return risk is null ? Results.Problem(statusCode: 404, detail: $"No risk '{RiskHttp.Id(context)}'.") : RiskHttp.Ok(risk, service.Matrix);
    }
}

public sealed class CreateRiskHandler(ApiCallerResolver callers, RiskService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, RiskWorkflow.Submitters, "create risks");
        if (error is not null) return error;
        var (input, bad) = await RiskHttp.ReadAsync<RiskInput>(context);
        if (bad is not null || input is null) return bad ?? Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A risk is required."] });
        return await RiskHttp.RunAsync(async () =>
        {
            var created = await service.CreateAsync(input.ToRisk(), caller!, context.RequestAborted);
            context.Response.Headers.Location = $"/api/risks/{created.Risk.Id}";
            return RiskHttp.Ok(created, service.Matrix, 201);
        });
    }
}

public sealed class UpdateRiskHandler(ApiCallerResolver callers, RiskService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, RiskWorkflow.Submitters, "edit risks");
        if (error is not null) return error;
        var etag = context.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(etag) || etag == "*") return Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired, detail: "Send If-Match with the ETag of the risk you edited.");
        var (input, bad) = await RiskHttp.ReadAsync<RiskInput>(context);
        if (bad is not null || input is null) return bad ?? Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A risk is required."] });
        return await RiskHttp.RunAsync(async () => RiskHttp.Ok(await service.UpdateAsync(RiskHttp.Id(context), input.ToRisk(), etag, caller!, context.RequestAborted), service.Matrix));
    }
}

public sealed class SubmitRiskHandler(ApiCallerResolver callers, RiskService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, RiskWorkflow.Submitters, "submit risks");
        if (error is not null) return error;
        var requestId = context.Request.Headers["X-Request-Id"].ToString() is { Length: > 0 } rid ? rid : Guid.NewGuid().ToString("N");
        return await RiskHttp.RunAsync(async () =>
        {
            var saved = await service.SubmitAsync(RiskHttp.Id(context), caller!, requestId, context.RequestAborted);
            return RiskHttp.Ok(saved, service.Matrix, notice: saved.Owed is null ? null : Evidence.EvidenceSettlement.PendingNotice);
        });
    }
}

public sealed class DecideRiskHandler(ApiCallerResolver callers, RiskService service) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [Core.Identity.AimsRole.RiskOwner, Core.Identity.AimsRole.TopManagement], "decide on risks");
        if (error is not null) return error;
        var (input, bad) = await RiskHttp.ReadAsync<DecisionInput>(context);
        if (bad is not null) return bad;
        if (input?.Outcome is not { } outcome) return Results.ValidationProblem(new Dictionary<string, string[]> { ["outcome"] = ["outcome is Approved, Rejected or ChangesRequested."] });
        return await RiskHttp.RunAsync(async () =>
        {
            var result = await service.DecideAsync(RiskHttp.Id(context), input.Revision, caller!, outcome, input.Comment, input.RequestId ?? Guid.NewGuid().ToString("N"), context.RequestAborted);
            return result.Applied
                ? RiskHttp.Ok(result.Current, service.Matrix, notice: result.Notice)
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Out of date", detail: result.Notice);
        });
    }
}

/// <summary><c>GET /api/risks/export</c>: the register as CSV (formula-safe).</summary>
public sealed class ExportRisksHandler(ApiCallerResolver callers, IRiskRegister risks, RiskService service) : IHttpHandler
{
    public static readonly string[] Header = ["id", "ai_system_id", "title", "description", "category", "source", "likelihood", "impact", "inherent_level", "treatment", "treatment_plan", "residual_likelihood", "residual_impact", "residual_level", "owner_object_id", "state", "next_review_date", "controls"];

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, [Core.Identity.AimsRole.AimsManager, Core.Identity.AimsRole.Auditor, Core.Identity.AimsRole.TopManagement], "export the risk register");
        if (error is not null) return error;
        return Results.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            await writer.WriteLineAsync(Csv.Line(Header));
            await foreach (var r in risks.ListAllAsync(context.RequestAborted))
            {
                await writer.WriteLineAsync(Csv.Line(Row(r, service.Matrix)));
            }
        }, "text/csv; charset=utf-8", "risks.csv");
    }

    public static IReadOnlyList<string?> Row(Risk r, RiskMatrix m) =>
    [
        r.Id, r.AiSystemId, r.Title, r.Description, r.Category.ToString(), r.Source.ToString(), Num(r.Likelihood), Num(r.Impact), r.Inherent(m).Level.ToString(), r.Treatment.ToString(),
        r.TreatmentPlan, Num(r.ResidualLikelihood), Num(r.ResidualImpact), r.Residual(m).Level.ToString(), r.OwnerObjectId, r.State.ToString(),
        r.NextReviewDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), string.Join(' ', r.Controls),
    ];

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The risk register in the audit pack.</summary>
public sealed class RiskAuditPackSection(IRiskRegister risks, RiskService service) : IAuditPackSection
{
    public string Name => "risks";

    public Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer.WriteCsvAsync("registers/risks/risks.csv", ExportRisksHandler.Header, Rows(), cancellationToken);

        async IAsyncEnumerable<IReadOnlyList<string?>> Rows()
        {
            await foreach (var r in risks.ListAllAsync(cancellationToken))
            {
                yield return ExportRisksHandler.Row(r, service.Matrix);
            }
        }
    }
}
