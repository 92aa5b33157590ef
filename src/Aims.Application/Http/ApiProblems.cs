using Aims.Application.Reports;
using Aims.Application.Reviews;
using Aims.Application.Risks;
using Aims.Application.Training;
using Aims.Core.Directory;
using Aims.Core.Documents;
using Aims.Core.Evidence;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Core.Risks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Aims.Application.Http;

/// <summary>
/// The one ProblemDetails shape of the management API (<c>status</c>, <c>title</c>, <c>detail</c>, and <c>errors</c> by field for
/// a 400), and the one mapping of domain refusals to it.
/// </summary>
public static class ApiProblems
{
    public const string SignInDetail = "Sign in: a valid Entra ID access token for this API is required.";

    /// <summary>400 with the fields that are wrong.</summary>
    public static IResult Validation(IEnumerable<KeyValuePair<string, string[]>> errors) => Results.ValidationProblem(errors);

    /// <summary>400 naming one field.</summary>
    public static IResult Validation(string field, string message) => Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);

    public static IResult Conflict(string? detail, string? title = null) => Status(StatusCodes.Status409Conflict, detail, title);

    public static IResult Forbidden(string detail) => Status(StatusCodes.Status403Forbidden, detail);

    public static IResult Unauthorized(string detail = SignInDetail) => Status(StatusCodes.Status401Unauthorized, detail);

    public static IResult TooLarge(string detail) => Status(StatusCodes.Status413PayloadTooLarge, detail);

    /// <summary>Any refusal: the title defaults to the status's reason phrase, so every problem carries status, title and detail.</summary>
    public static IResult Status(int statusCode, string? detail, string? title = null) =>
        Results.Problem(statusCode: statusCode, title: title ?? ReasonPhrases.GetReasonPhrase(statusCode), detail: detail);

    /// <summary>The answer to a domain refusal, or null when <paramref name="exception"/> is not one (then it is a fault: 500, logged by the host).</summary>
    public static IResult? FromRefusal(Exception exception) => exception switch
    {
        RecordValidationException ex => Validation(ex.Errors.ToDictionary(e => e.Key, e => e.Value)),
        AuditValidationException ex => Validation(ex.Errors.ToDictionary(e => e.Key, e => e.Value)),
        RiskValidationException ex => Validation(ex.Errors.ToDictionary(e => e.Key, e => new[] { e.Value })),
        ReportValidationException ex => Validation(ex.Errors.ToDictionary(e => e.Key, e => new[] { e.Value })),
        AudienceException ex => Validation("audienceGroupIds", ex.Message),
        DocumentRefusedException or WorkflowRefusedException or Core.Reports.CorrectiveActionRefusedException => Conflict(exception.Message, "Not allowed now"),
        CampaignStateException => Conflict(exception.Message, "Not allowed now"),
        ConcurrencyConflictException => Conflict(exception.Message, "Changed meanwhile"),
        EvidenceIntegrityException => Conflict(exception.Message, "Evidence altered"),
        AccessDeniedException => Forbidden(exception.Message),
        KeyNotFoundException => NotFound(exception.Message),
        DirectoryUnavailableException => Status(StatusCodes.Status503ServiceUnavailable, $"The directory cannot answer right now: {exception.Message}"),
        Evidence.EvidencePendingException => Status(StatusCodes.Status503ServiceUnavailable, exception.Message),
        _ => null,
    };
}
