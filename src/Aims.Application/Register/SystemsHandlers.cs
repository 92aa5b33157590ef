using System.Globalization;
using System.Text;
using Aims.Application.Http;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Register;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Register;

/// <summary>An AI system as the API shows it: the details flattened, with the version (ETag) and history fields.</summary>
public sealed record AiSystemView(
    string Id,
    string ETag,
    string Name,
    string Purpose,
    string? IntendedUse,
    string OwnerObjectId,
    string BusinessUnit,
    LifecycleStage Stage,
    AiSystemRole OurRole,
    string ModelType,
    string? ThirdPartyProvider,
    IReadOnlyList<DataSource> DataSources,
    IReadOnlyList<string> ImpactedParties,
    string? HumanOversight,
    AutonomyLevel AutonomyLevel,
    EuAiActRiskClass RiskClass,
    ImpactAssessmentStatus ImpactAssessmentStatus,
    DateOnly? ImpactAssessmentDate,
    DateOnly? LastReviewDate,
    DateOnly? NextReviewDate,
    IReadOnlyList<string> LinkedRiskIds,
    bool Retired,
    DateTimeOffset? RetiredAt,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public static AiSystemView From(VersionedAiSystem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var s = item.System;
        var d = s.Details;
        return new AiSystemView(s.Id, item.ETag, d.Name, d.Purpose, d.IntendedUse, d.OwnerObjectId, d.BusinessUnit, d.Stage, d.OurRole, d.ModelType,
            d.ThirdPartyProvider, d.DataSources, d.ImpactedParties, d.HumanOversight, d.AutonomyLevel, d.RiskClass, d.ImpactAssessmentStatus,
            d.ImpactAssessmentDate, d.LastReviewDate, d.NextReviewDate, d.LinkedRiskIds, s.Retired, s.RetiredAt, s.CreatedAt, s.CreatedBy, s.UpdatedAt, s.UpdatedBy);
    }
}

/// <summary>
/// <c>GET /api/systems</c> (any AIMS role): filters <c>stage</c>, <c>riskClass</c>, <c>owner</c>, <c>businessUnit</c>
/// (case-insensitive), <c>includeRetired</c>; paging with <c>pageSize</c> (1-200, default 50) and <c>continuationToken</c>
/// from the previous page. A page may be short while more follow: the listing ends when no token is returned.
/// </summary>
public sealed class ListSystemsHandler(ApiCallerResolver callers, IAiSystemRegistry registry) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, RegisterApi.Readers, "read the AI system register");
        if (error is not null)
        {
            return error;
        }

        var q = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        LifecycleStage? stage = null;
        EuAiActRiskClass? riskClass = null;
        if (!string.IsNullOrWhiteSpace(q["stage"]))
        {
            if (AiSystemValidator.TryParseEnum<LifecycleStage>(q["stage"], out var s)) stage = s;
            else errors["stage"] = [$"Not one of {string.Join(", ", Enum.GetNames<LifecycleStage>())}."];
        }

        if (!string.IsNullOrWhiteSpace(q["riskClass"]))
        {
            if (AiSystemValidator.TryParseEnum<EuAiActRiskClass>(q["riskClass"], out var r)) riskClass = r;
            else errors["riskClass"] = [$"Not one of {string.Join(", ", Enum.GetNames<EuAiActRiskClass>())}."];
        }

        var includeRetired = false;
        if (!string.IsNullOrWhiteSpace(q["includeRetired"]) && !bool.TryParse(q["includeRetired"], out includeRetired))
        {
            errors["includeRetired"] = ["true or false."];
        }

        var pageSize = AiSystemQuery.DefaultPageSize;
        if (!string.IsNullOrWhiteSpace(q["pageSize"])
            && (!int.TryParse(q["pageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > AiSystemQuery.MaxPageSize))
        {
            errors["pageSize"] = [$"A number from 1 to {AiSystemQuery.MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var query = new AiSystemQuery
        {
            Stage = stage,
            RiskClass = riskClass,
            OwnerObjectId = string.IsNullOrWhiteSpace(q["owner"]) ? null : q["owner"].ToString(),
            BusinessUnit = string.IsNullOrWhiteSpace(q["businessUnit"]) ? null : q["businessUnit"].ToString(),
            IncludeRetired = includeRetired,
            PageSize = pageSize,
            ContinuationToken = string.IsNullOrWhiteSpace(q["continuationToken"]) ? null : q["continuationToken"].ToString(),
        };
        AiSystemPage page;
        try
        {
            page = await registry.ListAsync(query, context.RequestAborted);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 400)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["continuationToken"] = ["Not a token from a previous page."] });
        }

        return RegisterApi.Json(new { items = page.Items.Select(AiSystemView.From), continuationToken = page.ContinuationToken });
    }
}

/// <summary><c>GET /api/systems/{id}</c> (any AIMS role): the system, with its version in the ETag header.</summary>
public sealed class GetSystemHandler(ApiCallerResolver callers, IAiSystemRegistry registry) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, RegisterApi.Readers, "read the AI system register");
        if (error is not null)
        {
            return error;
        }

        var id = RegisterApi.RouteValue(context, "id");
        var item = string.IsNullOrWhiteSpace(id) ? null : await registry.GetAsync(id, context.RequestAborted);
        if (item is null)
        {
            return RegisterApi.NotFound($"No AI system '{id}'.");
        }

        RegisterApi.SetETag(context, item.ETag);
        return RegisterApi.Json(AiSystemView.From(item));
    }
}

/// <summary><c>POST /api/systems</c> (AimsManager): adds a system; 201 with Location and ETag, 400 field by field.</summary>
public sealed class CreateSystemHandler(ApiCallerResolver callers, RegisterService register) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, RegisterApi.Managers, "add AI systems to the register");
        if (error is not null)
        {
            return error;
        }

        var (input, bodyError) = await RegisterApi.ReadJsonAsync<AiSystemInput>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var outcome = AiSystemValidator.Validate(input, register.Today);
        if (!outcome.IsValid)
        {
            return Results.ValidationProblem(outcome.Errors);
        }

        var stored = await register.CreateAsync(outcome.Value!, caller!, cancellationToken: context.RequestAborted);
        RegisterApi.SetETag(context, stored.ETag);
        context.Response.Headers.Location = $"/api/systems/{Uri.EscapeDataString(stored.System.Id)}";
        return RegisterApi.Json(AiSystemView.From(stored), StatusCodes.Status201Created);
    }
}

/// <summary>
/// <c>PUT /api/systems/{id}</c> (AimsManager, or the system's owner): replaces the details. If-Match is required (428);
/// a stale ETag or a retired system answers 409.
/// </summary>
public sealed class UpdateSystemHandler(ApiCallerResolver callers, RoleResolver roles, IAiSystemRegistry registry, RegisterService register) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, current, error) = await RegisterAccess.LoadForChangeAsync(context, callers, roles, registry, "change");
        if (error is not null)
        {
            return error;
        }

        var (etag, preconditionError) = RegisterApi.RequireIfMatch(context);
        if (preconditionError is not null)
        {
            return preconditionError;
        }

        var (input, bodyError) = await RegisterApi.ReadJsonAsync<AiSystemInput>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var outcome = AiSystemValidator.Validate(input, register.Today);
        if (!outcome.IsValid)
        {
            return Results.ValidationProblem(outcome.Errors);
        }

        try
        {
            var stored = await register.UpdateAsync(current.System, outcome.Value!, etag!, caller, context.RequestAborted);
            RegisterApi.SetETag(context, stored.ETag);
            return RegisterApi.Json(AiSystemView.From(stored));
        }
        catch (ConcurrencyConflictException ex)
        {
            return RegisterApi.Conflict(ex.Message);
        }
    }
}

/// <summary>
/// <c>POST /api/systems/{id}/retire</c> (AimsManager, or the system's owner): marks the system retired and moves it to the
/// Retirement stage; the record stays. If-Match is optional here (checked when sent). Retiring twice changes nothing.
/// </summary>
public sealed class RetireSystemHandler(ApiCallerResolver callers, RoleResolver roles, IAiSystemRegistry registry, RegisterService register) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, current, error) = await RegisterAccess.LoadForChangeAsync(context, callers, roles, registry, "retire");
        if (error is not null)
        {
            return error;
        }

        try
        {
            var stored = await register.RetireAsync(current.System.Id, RegisterApi.OptionalIfMatch(context), caller, context.RequestAborted);
            if (stored is null)
            {
                return RegisterApi.NotFound($"No AI system '{current.System.Id}'.");
            }

            RegisterApi.SetETag(context, stored.ETag);
            return RegisterApi.Json(AiSystemView.From(stored));
        }
        catch (ConcurrencyConflictException ex)
        {
            return RegisterApi.Conflict(ex.Message);
        }
    }
}

/// <summary>
/// <c>POST /api/systems/import?mode=dry-run|apply&amp;partial=false</c> (AimsManager), body text/csv (<see cref="AiSystemCsv"/>).
/// A dry run (the default) reports every bad row by line and field and writes nothing (200). Apply writes all valid rows
/// at once (200); when any row is bad and partial is false (the default) nothing is written and the report comes with 422.
/// partial=true writes the valid rows and reports the others.
/// </summary>
public sealed class ImportSystemsHandler(ApiCallerResolver callers, RegisterService register, ILogger<ImportSystemsHandler> logger) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, RegisterApi.Managers, "import AI systems");
        if (error is not null)
        {
            return error;
        }

        var q = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var mode = string.IsNullOrWhiteSpace(q["mode"]) ? "dry-run" : q["mode"].ToString().Trim().ToLowerInvariant();
        if (mode is not "dry-run" and not "apply")
        {
            errors["mode"] = ["dry-run or apply."];
        }

        var partial = false;
        if (!string.IsNullOrWhiteSpace(q["partial"]) && !bool.TryParse(q["partial"], out partial))
        {
            errors["partial"] = ["true or false."];
        }

        var contentType = context.Request.ContentType ?? string.Empty;
        if (!contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            errors["contentType"] = ["Send the file as text/csv (UTF-8)."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var csv = await RegisterApi.ReadTextAsync(context, RegisterApi.MaxCsvBodyBytes);
        if (csv is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The file is larger than {RegisterApi.MaxCsvBodyBytes} bytes.");
        }

        try
        {
            var report = await register.ImportAsync(csv, mode == "apply", partial, caller!, context.RequestAborted);
            logger.LogInformation("Register import ({Mode}) by {ObjectId}: {Rows} rows, {Invalid} invalid, {Created} created, {Updated} updated, applied {Applied}",
                mode, caller!.ObjectId, report.Rows, report.InvalidRows, report.Created, report.Updated, report.Applied);
            var rejected = mode == "apply" && !report.Applied;
            return RegisterApi.Json(report, rejected ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
        }
        catch (ConcurrencyConflictException ex)
        {
            return RegisterApi.Conflict(ex.Message);
        }
    }
}

/// <summary>
/// <c>GET /api/systems/export</c> (AimsManager, Auditor, TopManagement): the whole register, retired systems included,
/// as CSV in the import layout. Cells that a spreadsheet would run as a formula start with an apostrophe.
/// </summary>
public sealed class ExportSystemsHandler(ApiCallerResolver callers, IAiSystemRegistry registry) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, RegisterApi.Overseers, "export the AI system register");
        if (error is not null)
        {
            return error;
        }

        var sb = new StringBuilder();
        AiSystemCsv.AppendHeader(sb);
        foreach (var item in await RegisterQueries.AllAsync(registry, includeRetired: true, context.RequestAborted))
        {
            AiSystemCsv.AppendRow(sb, item);
        }

        context.Response.Headers.ContentDisposition = "attachment; filename=\"ai-system-register.csv\"";
        return Results.Text(sb.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
    }
}

internal static class RegisterAccess
{
    /// <summary>The caller and the system named by the route, when the caller may <paramref name="verb"/> it; else the 401/403/404 to answer.</summary>
    public static async Task<(Actor Caller, VersionedAiSystem Current, IResult? Error)> LoadForChangeAsync(
        HttpContext context, ApiCallerResolver callers, RoleResolver roles, IAiSystemRegistry registry, string verb)
    {
        var (caller, error) = await callers.RequireAsync(context, RegisterApi.Readers, $"{verb} AI systems");
        if (error is not null)
        {
            return (null!, null!, error);
        }

        var id = RegisterApi.RouteValue(context, "id");
        var current = string.IsNullOrWhiteSpace(id) ? null : await registry.GetAsync(id, context.RequestAborted);
        if (current is null)
        {
            return (null!, null!, RegisterApi.NotFound($"No AI system '{id}'."));
        }

        return (caller!, current, await RequireManagerOrOwnerAsync(roles, caller!, current.System, verb, context.RequestAborted));
    }

    /// <summary>Null when the caller is an AIMS manager or owns the system; else the 403 to answer.</summary>
    public static async Task<IResult?> RequireManagerOrOwnerAsync(RoleResolver roles, Actor caller, AiSystem system, string verb, CancellationToken cancellationToken)
    {
        if (string.Equals(system.Details.OwnerObjectId, caller.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            await roles.RequireAsync(caller.ObjectId, [AimsRole.AimsManager], $"{verb} an AI system you do not own", cancellationToken);
            return null;
        }
        catch (AccessDeniedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: ex.Message);
        }
    }
}

/// <summary>Whole-register reads for exports, bot commands and the demo seed (registers are hundreds of systems, not millions).</summary>
public static class RegisterQueries
{
    public const int MaxSystems = 5000;

    public static async Task<IReadOnlyList<VersionedAiSystem>> AllAsync(IAiSystemRegistry registry, bool includeRetired, CancellationToken cancellationToken, string? owner = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var result = new List<VersionedAiSystem>();
        string? token = null;
        do
        {
            var page = await registry.ListAsync(new AiSystemQuery
            {
                IncludeRetired = includeRetired,
                OwnerObjectId = owner,
                PageSize = AiSystemQuery.MaxPageSize,
                ContinuationToken = token,
            }, cancellationToken);
            result.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null && result.Count < MaxSystems);

        return [.. result.OrderBy(s => s.System.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.System.Id, StringComparer.Ordinal)];
    }
}
