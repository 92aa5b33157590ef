using System.Text.Json;
using Aims.Application.Http;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aims.Application.Reviews;

/// <summary>The body of POST /api/review-cycles. <see cref="SystemIds"/> null or absent: all AI systems.</summary>
public sealed record ReviewCycleInput(
    string? Title,
    string? Kind,
    string? Cadence,
    string? TimeZone,
    IReadOnlyList<string?>? SystemIds,
    string? ResponsibleRole,
    int? DaysAllowed);

/// <summary>Field-by-field validation of a review cycle definition; the cycle only when every field is valid.</summary>
public static class ReviewCycleValidator
{
    public const int MaxSystemIds = 200;

    public static (ReviewCycle? Cycle, Dictionary<string, string[]> Errors) Validate(ReviewCycleInput? input, string id, DateTimeOffset now, string createdBy)
    {
        var errors = new Dictionary<string, string[]>();
        if (input is null)
        {
            errors["body"] = ["A JSON body is required."];
            return (null, errors);
        }

        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200) errors["title"] = ["A title of at most 200 characters is required."];
        ReviewKind kind = default;
        if (!Enum.TryParse(input.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(input.Kind, out _))
        {
            errors["kind"] = ["One of: " + string.Join(", ", Enum.GetNames<ReviewKind>()) + "."];
        }

        if (!ReviewCadence.TryParse(input.Cadence, out _, out var cadenceError)) errors["cadence"] = [cadenceError!];
        if (input.TimeZone is not null && ReviewCadence.FindZone(input.TimeZone) is null) errors["timeZone"] = ["An IANA (Europe/Paris) or Windows time zone id, or leave it out for the configured zone."];
        if (input.SystemIds is { } ids && (ids.Count is 0 or > MaxSystemIds || ids.Any(i => i is null || !AiSystemValidator.SystemIdPattern().IsMatch(i))))
        {
            errors["systemIds"] = [$"1 to {MaxSystemIds} AI system ids, or leave it out for all AI systems."];
        }

        AimsRole role = default;
        if (!Enum.TryParse(input.ResponsibleRole, ignoreCase: true, out role) || !Enum.IsDefined(role) || int.TryParse(input.ResponsibleRole, out _))
        {
            errors["responsibleRole"] = ["One of: " + string.Join(", ", Enum.GetNames<AimsRole>()) + "."];
        }

        if (input.DaysAllowed is not (>= 1 and <= 365)) errors["daysAllowed"] = ["daysAllowed is 1 to 365."];
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var systems = input.SystemIds?.Select(i => i!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        return (new ReviewCycle(id, input.Title!.Trim(), kind, input.Cadence!.Trim(), input.TimeZone?.Trim(), systems, role, input.DaysAllowed!.Value, now, createdBy), errors);
    }
}

/// <summary><c>POST /api/review-cycles</c> (AIMS manager): defines a review cycle.</summary>
public sealed class CreateReviewCycleHandler(IReviewCycles cycles, TimeProvider time) : IEndpointHandler<ReviewCycleInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<ReviewCycleInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (cycle, errors) = ReviewCycleValidator.Validate(request.Body, "RC-" + Guid.NewGuid().ToString("N")[..8], time.GetUtcNow(), request.Caller.ObjectId);
        if (cycle is null) return ApiProblems.Validation(errors);
        await cycles.SaveCycleAsync(cycle, request.Aborted);
        return ApiResults.Created(cycle, "/api/review-cycles");
    }
}

/// <summary><c>GET /api/review-cycles</c> (AIMS managers, auditors).</summary>
public sealed class ListReviewCyclesHandler(IReviewCycles cycles) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var list = new List<ReviewCycle>();
        await foreach (var cycle in cycles.ListCyclesAsync(request.Aborted)) list.Add(cycle);
        return ApiResults.Ok(new { items = list });
    }
}

/// <summary><c>GET /api/review-cycles/{id}/tasks</c> (AIMS managers, auditors): every task of a cycle, all periods.</summary>
public sealed class ListReviewTasksHandler(IReviewCycles cycles) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id;
        if (id != ReviewTask.OutOfCycle && await cycles.GetCycleAsync(id, request.Aborted) is null)
        {
            return ApiProblems.NotFound($"No review cycle '{id}'.");
        }

        var list = new List<ReviewTask>();
        await foreach (var task in cycles.ListTasksAsync(id, request.Aborted)) list.Add(task);
        return ApiResults.Ok(new { items = list.OrderBy(t => t.OpenedAt).ThenBy(t => t.Id, StringComparer.Ordinal) });
    }
}
