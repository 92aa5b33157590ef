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
    string UpdatedBy,
    string? GateApproverObjectId,
    DateTimeOffset? SignificantChangeAt)
{
    public static AiSystemView From(VersionedAiSystem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var s = item.System;
        var d = s.Details;
        return new AiSystemView(s.Id, item.ETag, d.Name, d.Purpose, d.IntendedUse, d.OwnerObjectId, d.BusinessUnit, d.Stage, d.OurRole, d.ModelType,
            d.ThirdPartyProvider, d.DataSources, d.ImpactedParties, d.HumanOversight, d.AutonomyLevel, d.RiskClass, d.ImpactAssessmentStatus,
            d.ImpactAssessmentDate, d.LastReviewDate, d.NextReviewDate, d.LinkedRiskIds, s.Retired, s.RetiredAt, s.CreatedAt, s.CreatedBy, s.UpdatedAt, s.UpdatedBy,
            d.GateApproverObjectId, s.SignificantChangeAt);
    }
}

/// <summary>
/// <c>GET /api/systems</c> (any AIMS role): filters <c>stage</c>, <c>riskClass</c>, <c>owner</c>, <c>businessUnit</c>
/// (case-insensitive), <c>includeRetired</c>; paging with <c>pageSize</c> (1-200, default 50) and <c>continuationToken</c>
/// from the previous page. A page may be short while more follow: the listing ends when no token is returned.
/// </summary>
public sealed class ListSystemsHandler(IAiSystemRegistry registry) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = request.Query;
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
            return ApiProblems.Validation(errors);
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
            page = await registry.ListAsync(query, request.Aborted);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 400)
        {
            return ApiProblems.Validation("continuationToken", "Not a token from a previous page.");
        }

        return ApiResults.Ok(new { items = page.Items.Select(AiSystemView.From), continuationToken = page.ContinuationToken });
    }
}

/// <summary><c>GET /api/systems/{id}</c> (any AIMS role): the system, with its version in the ETag header.</summary>
public sealed class GetSystemHandler(IAiSystemRegistry registry) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id;
        var item = string.IsNullOrWhiteSpace(id) ? null : await registry.GetAsync(id, request.Aborted);
        return item is null ? ApiProblems.NotFound($"No AI system '{id}'.") : ApiResults.Ok(AiSystemView.From(item), item.ETag);
    }
}

/// <summary><c>POST /api/systems</c> (AimsManager): adds a system; 201 with Location and ETag, 400 field by field.</summary>
public sealed class CreateSystemHandler(RegisterService register) : IEndpointHandler<AiSystemInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<AiSystemInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = AiSystemValidator.Validate(request.Body, register.Today);
        if (!outcome.IsValid)
        {
            return ApiProblems.Validation(outcome.Errors);
        }

        var stored = await register.CreateAsync(outcome.Value!, request.Caller, cancellationToken: request.Aborted);
        return ApiResults.Created(AiSystemView.From(stored), $"/api/systems/{Uri.EscapeDataString(stored.System.Id)}", stored.ETag);
    }
}

/// <summary>
/// <c>PUT /api/systems/{id}</c> (AimsManager, or the system's owner): replaces the details. If-Match is required (428);
/// a stale ETag or a retired system answers 409.
/// </summary>
public sealed class UpdateSystemHandler(RoleResolver roles, IAiSystemRegistry registry, RegisterService register) : IEndpointHandler<AiSystemInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<AiSystemInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = await RegisterAccess.LoadForChangeAsync(request, roles, registry, "change");
        var outcome = AiSystemValidator.Validate(request.Body, register.Today);
        if (!outcome.IsValid)
        {
            return ApiProblems.Validation(outcome.Errors);
        }

        // The owner must not choose who approves their own system's gates.
        if (!string.Equals(outcome.Value!.GateApproverObjectId, current.System.Details.GateApproverObjectId, StringComparison.OrdinalIgnoreCase))
        {
            await roles.RequireAsync(request.Caller.ObjectId, [AimsRole.AimsManager], "name an AI system's gate approver", request.Aborted);
        }

        var stored = await register.UpdateAsync(current.System, outcome.Value!, request.IfMatch!, request.Caller, request.Aborted);
        return ApiResults.Ok(AiSystemView.From(stored), stored.ETag);
    }
}

/// <summary>
/// <c>POST /api/systems/{id}/retire</c> (AimsManager, or the system's owner): withdraws a system that never reached deployment
/// (marks it retired, moves it to the Retirement stage; the record stays). A deployed or operating system is refused: it
/// retires through the retirement gate. If-Match is optional here (checked when sent). Retiring twice changes nothing.
/// </summary>
public sealed class RetireSystemHandler(RoleResolver roles, IAiSystemRegistry registry, RegisterService register) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = await RegisterAccess.LoadForChangeAsync(request, roles, registry, "retire");
        // A system that was deployed is taken out of service through the retirement gate, whose criteria ask for a retirement
        // plan; one withdrawn before it ever ran has nothing to plan and is retired here.
        if (!current.System.Retired && current.System.Details.Stage is LifecycleStage.Deployment or LifecycleStage.OperationAndMonitoring)
        {
            return ApiProblems.Conflict($"{current.System.Name} is in {current.System.Details.Stage}: retire it through the retirement gate (POST /api/systems/{current.System.Id}/gate-requests with \"to\": \"Retirement\"), which asks for its retirement plan.", "Not allowed now");
        }

        var stored = await register.RetireAsync(current.System.Id, request.IfMatch, request.Caller, request.Aborted);
        return stored is null ? ApiProblems.NotFound($"No AI system '{current.System.Id}'.") : ApiResults.Ok(AiSystemView.From(stored), stored.ETag);
    }
}

/// <summary>
/// <c>POST /api/systems/import?mode=dry-run|apply&amp;partial=false</c> (AimsManager), body text/csv (<see cref="AiSystemCsv"/>).
/// A dry run (the default) reports every bad row by line and field and writes nothing (200). Apply writes all valid rows
/// at once (200); when any row is bad and partial is false (the default) nothing is written and the report comes with 422.
/// partial=true writes the valid rows and reports the others.
/// </summary>
public sealed class ImportSystemsHandler(RegisterService register, ILogger<ImportSystemsHandler> logger) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Caller;
        var q = request.Query;
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

        var contentType = request.Http.Request.ContentType ?? string.Empty;
        if (!contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            errors["contentType"] = ["Send the file as text/csv (UTF-8)."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var csv = await EndpointPipeline.ReadTextAsync(request, RegisterApi.MaxCsvBodyBytes);
        if (csv is null)
        {
            return ApiProblems.TooLarge($"The file is larger than {RegisterApi.MaxCsvBodyBytes} bytes.");
        }

        var report = await register.ImportAsync(csv, mode == "apply", partial, caller, request.Aborted);
        logger.LogInformation("Register import ({Mode}) by {ObjectId}: {Rows} rows, {Invalid} invalid, {Created} created, {Updated} updated, applied {Applied}",
            mode, caller.ObjectId, report.Rows, report.InvalidRows, report.Created, report.Updated, report.Applied);
        var rejected = mode == "apply" && !report.Applied;
        return ApiResults.Json(report, rejected ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }
}

/// <summary>
/// <c>GET /api/systems/export</c> (AimsManager, Auditor, TopManagement): the whole register, retired systems included,
/// as CSV in the import layout. Cells that a spreadsheet would run as a formula start with an apostrophe.
/// </summary>
public sealed class ExportSystemsHandler(IAiSystemRegistry registry) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sb = new StringBuilder();
        AiSystemCsv.AppendHeader(sb);
        foreach (var item in await RegisterQueries.AllAsync(registry, includeRetired: true, request.Aborted))
        {
            AiSystemCsv.AppendRow(sb, item);
        }

        request.Http.Response.Headers.ContentDisposition = "attachment; filename=\"ai-system-register.csv\"";
        return Results.Text(sb.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
    }
}

internal static class RegisterAccess
{
    /// <summary>The system named by the route, when the caller may <paramref name="verb"/> it: an AIMS manager or its owner (404 and 403 otherwise, thrown).</summary>
    public static async Task<VersionedAiSystem> LoadForChangeAsync(ApiRequest request, RoleResolver roles, IAiSystemRegistry registry, string verb)
    {
        var id = request.Id;
        var current = (string.IsNullOrWhiteSpace(id) ? null : await registry.GetAsync(id, request.Aborted)) ?? throw new KeyNotFoundException($"No AI system '{id}'.");
        await RequireManagerOrOwnerAsync(roles, request.Caller, current.System, verb, request.Aborted);
        return current;
    }

    /// <summary>Returns when the caller is an AIMS manager or owns the system; else throws <see cref="AccessDeniedException"/>.</summary>
    public static async Task RequireManagerOrOwnerAsync(RoleResolver roles, Actor caller, AiSystem system, string verb, CancellationToken cancellationToken)
    {
        if (!string.Equals(system.Details.OwnerObjectId, caller.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            await roles.RequireAsync(caller.ObjectId, [AimsRole.AimsManager], $"{verb} an AI system you do not own", cancellationToken);
        }
    }
}

/// <summary>Whole-register reads for exports, bot commands and the demo seed (registers are hundreds of systems, not millions).</summary>
public static class RegisterQueries
{
    public const int MaxSystems = 5000;

    /// <summary>
    /// For records that name the AI systems they belong to: sets the <c>systemIds</c> error listing every id not in the register
    /// (unless that field already has an error).
    /// </summary>
    public static async Task CheckSystemIdsAsync(IAiSystemRegistry registry, Dictionary<string, string[]> errors, IReadOnlyList<string>? ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.ContainsKey("systemIds") || ids is null)
        {
            return;
        }

        var unknown = new List<string>();
        foreach (var s in ids.Select(s => s?.Trim() ?? string.Empty).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (s.Length == 0 || await registry.GetAsync(s, cancellationToken) is null)
            {
                unknown.Add(s.Length == 0 ? "(empty)" : s);
            }
        }

        if (unknown.Count > 0)
        {
            errors["systemIds"] = [$"Not in the AI system register: {string.Join(", ", unknown)}."];
        }
    }

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
