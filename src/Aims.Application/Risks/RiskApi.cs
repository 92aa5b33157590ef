using System.Globalization;
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

/// <summary>The body of POST /api/risks/{id}/effectiveness-checks.</summary>
public sealed record EffectivenessCheckInput(int? ResidualLikelihood, int? ResidualImpact, string? Note, IReadOnlyList<string?>? EvidenceIds);

internal static class RiskHttp
{
    public static IResult Ok(VersionedRisk risk, RiskMatrix matrix, int status = StatusCodes.Status200OK, string? notice = null) =>
        ApiResults.Json(RiskView.From(risk.Risk, matrix) with { Notice = notice }, status, risk.ETag);
}

/// <summary>A risk as the API shows it: stored fields plus the ratings the matrix gives.</summary>
public sealed record RiskView(Risk Risk, RiskRating Inherent, RiskRating Residual)
{
    /// <summary>What the caller should know about the write (e.g. evidence still being completed); absent when nothing.</summary>
    public string? Notice { get; init; }

    public static RiskView From(Risk risk, RiskMatrix matrix) => new(risk, risk.Inherent(matrix), risk.Residual(matrix));
}

public sealed class ListRisksHandler(IRiskRegister risks, RiskService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = request.Query;
        ApprovalState? state = null;
        if (q.TryGetValue("state", out var s) && !string.IsNullOrEmpty(s))
        {
            if (!Enum.TryParse<ApprovalState>(s, true, out var parsed)) return ApiProblems.Validation("state", $"'{s}' is not an approval state.");
            state = parsed;
        }

        var pageSize = int.TryParse(q["pageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var ps) ? ps : 50;
        if (pageSize is < 1 or > RiskQuery.MaxPageSize) return ApiProblems.Validation("pageSize", $"pageSize is 1 to {RiskQuery.MaxPageSize}.");
        var page = await risks.ListAsync(new RiskQuery { State = state, AiSystemId = q["aiSystemId"], OwnerObjectId = q["owner"], PageSize = pageSize, ContinuationToken = q["continuationToken"] }, request.Aborted);
        return ApiResults.Ok(new { items = page.Items.Select(v => RiskView.From(v.Risk, service.Matrix)), continuationToken = page.ContinuationToken });
    }
}

public sealed class GetRiskHandler(IRiskRegister risks, RiskService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var risk = await risks.GetAsync(request.Id, request.Aborted);
        return risk is null ? ApiProblems.NotFound($"No risk '{request.Id}'.") : RiskHttp.Ok(risk, service.Matrix);
    }
}

public sealed class CreateRiskHandler(RiskService service) : IEndpointHandler<RiskInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<RiskInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var created = await service.CreateAsync(request.Body.ToRisk(), request.Caller, request.Aborted);
        return new ApiJson<RiskView>(RiskView.From(created.Risk, service.Matrix), StatusCodes.Status201Created, created.ETag, $"/api/risks/{created.Risk.Id}");
    }
}

public sealed class UpdateRiskHandler(RiskService service) : IEndpointHandler<RiskInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<RiskInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RiskHttp.Ok(await service.UpdateAsync(request.Id, request.Body.ToRisk(), request.IfMatch!, request.Caller, request.Aborted), service.Matrix);
    }
}

public sealed class SubmitRiskHandler(RiskService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var saved = await service.SubmitAsync(request.Id, request.Caller, request.RequestId, request.Aborted);
        return RiskHttp.Ok(saved, service.Matrix, notice: saved.Owed is null ? null : Evidence.EvidenceSettlement.PendingNotice);
    }
}

public sealed class DecideRiskHandler(RiskService service) : IEndpointHandler<DecisionInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<DecisionInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = request.Body;
        if (input.Outcome is not { } outcome) return ApiProblems.Validation("outcome", "outcome is Approved, Rejected or ChangesRequested.");
        var result = await service.DecideAsync(request.Id, input.Revision, request.Caller, outcome, input.Comment, input.RequestId ?? Guid.NewGuid().ToString("N"), request.Aborted);
        return result.Applied
            ? RiskHttp.Ok(result.Current, service.Matrix, notice: result.Notice)
            : ApiProblems.Conflict(result.Notice, "Out of date");
    }
}

public sealed class CompleteRiskActionHandler(RiskService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!int.TryParse(request.Route("index"), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return ApiProblems.Validation("index", "The action's index is a whole number from 0.");
        }

        var saved = await service.CompleteActionAsync(request.Id, index, request.Caller, request.Aborted);
        return RiskHttp.Ok(saved, service.Matrix, notice: saved.Owed is null ? null : Evidence.EvidenceSettlement.PendingNotice);
    }
}

public sealed class RecordRiskEffectivenessHandler(RiskService service) : IEndpointHandler<EffectivenessCheckInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<EffectivenessCheckInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var b = request.Body;
        var saved = await service.RecordEffectivenessAsync(request.Id, b.ResidualLikelihood, b.ResidualImpact, b.Note, b.EvidenceIds, request.Caller, request.RequestId, request.Aborted);
        return RiskHttp.Ok(saved, service.Matrix, StatusCodes.Status201Created, saved.Owed is null ? null : Evidence.EvidenceSettlement.PendingNotice);
    }
}

/// <summary><c>GET /api/risks/export</c>: the register as CSV (formula-safe).</summary>
public sealed class ExportRisksHandler(IRiskRegister risks, RiskService service) : IEndpointHandler
{
    public static readonly string[] Header = ["id", "ai_system_id", "title", "description", "category", "source", "likelihood", "impact", "inherent_level", "treatment", "treatment_plan", "residual_likelihood", "residual_impact", "residual_level", "owner_object_id", "state", "next_review_date", "controls"];

    public Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var aborted = request.Aborted;
        return Task.FromResult(Results.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            await writer.WriteLineAsync(Csv.Line(Header));
            await foreach (var r in risks.ListAllAsync(aborted))
            {
                await writer.WriteLineAsync(Csv.Line(Row(r, service.Matrix)));
            }
        }, "text/csv; charset=utf-8", "risks.csv"));
    }

    public static IReadOnlyList<string?> Row(Risk r, RiskMatrix m) =>
    [
        r.Id, r.AiSystemId, r.Title, r.Description, r.Category.ToString(), r.Source.ToString(), Num(r.Likelihood), Num(r.Impact), r.Inherent(m).Level.ToString(), r.Treatment.ToString(),
        r.TreatmentPlan, Num(r.ResidualLikelihood), Num(r.ResidualImpact), r.Residual(m).Level.ToString(), r.OwnerObjectId, r.State.ToString(),
        r.NextReviewDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), string.Join(' ', r.Controls),
    ];

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
