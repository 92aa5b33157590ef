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
public sealed class CreateReviewCycleHandler(ApiCallerResolver callers, IReviewCycles cycles, TimeProvider time) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, [AimsRole.AimsManager], "define review cycles");
        if (error is not null) return error;
        ReviewCycleInput? input;
        try
        {
            input = await JsonSerializer.DeserializeAsync<ReviewCycleInput>(context.Request.Body, RegisterJson.Options, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [ex.Path?.TrimStart('$', '.') is { Length: > 0 } p ? p : "body"] = ["Not valid."] });
        }

        var (cycle, errors) = ReviewCycleValidator.Validate(input, "RC-" + Guid.NewGuid().ToString("N")[..8], time.GetUtcNow(), caller!.ObjectId);
        if (cycle is null) return Results.ValidationProblem(errors);
        await cycles.SaveCycleAsync(cycle, context.RequestAborted);
        context.Response.Headers.Location = "/api/review-cycles";
        return Results.Json(cycle, RegisterJson.Options, statusCode: StatusCodes.Status201Created);
    }
}

/// <summary><c>GET /api/review-cycles</c> (AIMS managers, auditors).</summary>
public sealed class ListReviewCyclesHandler(ApiCallerResolver callers, IReviewCycles cycles) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, [AimsRole.AimsManager, AimsRole.Auditor], "read review cycles");
        if (error is not null) return error;
        var list = new List<ReviewCycle>();
        await foreach (var cycle in cycles.ListCyclesAsync(context.RequestAborted)) list.Add(cycle);
        return Results.Json(new { items = list }, RegisterJson.Options);
    }
}

/// <summary><c>GET /api/review-cycles/{id}/tasks</c> (AIMS managers, auditors): every task of a cycle, all periods.</summary>
public sealed class ListReviewTasksHandler(ApiCallerResolver callers, IReviewCycles cycles) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, [AimsRole.AimsManager, AimsRole.Auditor], "read review tasks");
        if (error is not null) return error;
        var id = context.GetRouteValue("id")?.ToString() ?? string.Empty;
        if (id != ReviewTask.OutOfCycle && await cycles.GetCycleAsync(id, context.RequestAborted) is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No review cycle '{id}'.");
        }

        var list = new List<ReviewTask>();
        await foreach (var task in cycles.ListTasksAsync(id, context.RequestAborted)) list.Add(task);
        return Results.Json(new { items = list.OrderBy(t => t.OpenedAt).ThenBy(t => t.Id, StringComparer.Ordinal) }, RegisterJson.Options);
    }
}
