using System.Text.Json;
using Aims.Core.Directory;
using Aims.Core.Documents;
using Aims.Core.Records;
using Aims.Core.Register;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Http;

/// <summary>
/// The plumbing the record-style APIs share (context register, objectives, documents): JSON in and out with the register's
/// options, and one mapping of domain refusals to problem responses, so each handler states only what it does.
/// </summary>
public static class ApiCall
{
    public static IResult Json(object value, int status = StatusCodes.Status200OK) => Results.Json(value, RegisterJson.Options, statusCode: status);

    public static async Task<(T? Body, IResult? Error)> ReadJsonAsync<T>(HttpContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, RegisterJson.Options, context.RequestAborted);
            return body is null
                ? (null, Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] }))
                : (body, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path?.TrimStart('$', '.') is { Length: > 0 } p ? p : "body";
            return (null, Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"Not valid: {ex.Message.Split('.')[0]}."] }));
        }
    }

    public static string RouteValue(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? string.Empty;

    /// <summary>Runs the handler body and turns the domain's refusals into 400, 403, 404 and 409 answers.</summary>
    public static async Task<IResult> RunAsync(Func<Task<IResult>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (RecordValidationException ex)
        {
            return Results.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => e.Value));
        }
        catch (DocumentRefusedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed now", detail: ex.Message);
        }
        catch (ConcurrencyConflictException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Changed meanwhile", detail: ex.Message);
        }
        catch (AccessDeniedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: ex.Message);
        }
        catch (KeyNotFoundException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: ex.Message);
        }
        catch (Evidence.EvidencePendingException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Try again shortly", detail: ex.Message);
        }
    }
}
