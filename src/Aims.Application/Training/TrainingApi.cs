using System.Text;
using Aims.Application.Http;
using Aims.Application.Register;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Training;
using Microsoft.AspNetCore.Http;
using Csv = Aims.Application.Evidence.Csv;

namespace Aims.Application.Training;

internal static class TrainingApi
{
    public static readonly AimsRole[] Managers = [AimsRole.AimsManager];

    public static async Task<(VersionedCampaign? Campaign, IResult? Error)> FindAsync(HttpContext context, ITrainingCampaignStore campaigns)
    {
        var id = RegisterApi.RouteValue(context, "id");
        var found = string.IsNullOrWhiteSpace(id) ? null : await campaigns.GetAsync(id, context.RequestAborted);
        return found is null ? (null, RegisterApi.NotFound($"No campaign '{id}'.")) : (found, null);
    }

    public static object View(VersionedCampaign c) => new
    {
        c.Campaign.Id,
        c.ETag,
        c.Campaign.Title,
        c.Campaign.Description,
        c.Campaign.CourseUrl,
        c.Campaign.Material,
        c.Campaign.Statement,
        c.Campaign.StatementSha256,
        c.Campaign.AudienceGroupIds,
        c.Campaign.ExcludedObjectIds,
        c.Campaign.DueDate,
        c.Campaign.ReminderDaysBeforeDue,
        c.Campaign.EscalationDaysAfterDue,
        c.Campaign.State,
        c.Campaign.MaterialHistory,
        c.Campaign.CreatedAt,
        c.Campaign.CreatedBy,
        c.Campaign.LaunchedAt,
        c.Campaign.LaunchedBy,
        Launch = c.Campaign.Progress,
    };

    /// <summary>Runs a state-changing operation and maps its domain errors to 400/404/409/503.</summary>
    public static async Task<IResult> GuardAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (KeyNotFoundException ex)
        {
            return RegisterApi.NotFound(ex.Message);
        }
        catch (Exception ex) when (ex is CampaignStateException or ConcurrencyConflictException)
        {
            return RegisterApi.Conflict(ex.Message);
        }
        catch (AudienceException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["audienceGroupIds"] = [ex.Message] });
        }
        catch (DirectoryUnavailableException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: $"The directory cannot resolve the audience right now: {ex.Message}");
        }
    }
}

/// <summary><c>POST /api/campaigns</c> (AimsManager): creates a draft; 201 with Location and ETag, 400 field by field.</summary>
public sealed class CreateCampaignHandler(ApiCallerResolver callers, TrainingService training, TimeProvider time) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, TrainingApi.Managers, "create training campaigns");
        if (error is not null)
        {
            return error;
        }

        var (request, bodyError) = await RegisterApi.ReadJsonAsync<CampaignRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var errors = CampaignValidator.Validate(request, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var created = await training.CreateAsync(request!, caller!, cancellationToken: context.RequestAborted);
        RegisterApi.SetETag(context, created.ETag);
        return Results.Json(TrainingApi.View(created), RegisterJson.Options, statusCode: StatusCodes.Status201Created);
    }
}

/// <summary><c>GET /api/campaigns</c> (AimsManager).</summary>
public sealed class ListCampaignsHandler(ApiCallerResolver callers, ITrainingCampaignStore campaigns) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, TrainingApi.Managers, "read training campaigns");
        if (error is not null)
        {
            return error;
        }

        var all = await campaigns.ListAsync(context.RequestAborted);
        return RegisterApi.Json(new { items = all.OrderByDescending(c => c.Campaign.CreatedAt).Select(TrainingApi.View) });
    }
}

/// <summary><c>GET /api/campaigns/{id}</c> (AimsManager).</summary>
public sealed class GetCampaignHandler(ApiCallerResolver callers, ITrainingCampaignStore campaigns) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, TrainingApi.Managers, "read training campaigns");
        if (error is not null)
        {
            return error;
        }

        var (found, notFound) = await TrainingApi.FindAsync(context, campaigns);
        if (notFound is not null)
        {
            return notFound;
        }

        RegisterApi.SetETag(context, found!.ETag);
        return RegisterApi.Json(TrainingApi.View(found));
    }
}

/// <summary>
/// <c>POST /api/campaigns/{id}/launch</c> (AimsManager): confirms the launch and queues the audience resolution; 202 with the
/// status URL as Location (its <c>launch</c> shows pages done and people assigned so far).
/// </summary>
public sealed class LaunchCampaignHandler(ApiCallerResolver callers, TrainingService training) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, TrainingApi.Managers, "launch training campaigns");
        if (error is not null)
        {
            return error;
        }

        var id = RegisterApi.RouteValue(context, "id") ?? string.Empty;
        return await TrainingApi.GuardAsync(async () =>
        {
            var launched = await training.LaunchAsync(id, caller!, context.RequestAborted);
            RegisterApi.SetETag(context, launched.ETag);
            context.Response.Headers.Location = $"/api/campaigns/{Uri.EscapeDataString(id)}/status";
            return RegisterApi.Json(new { id, state = launched.Campaign.State, launch = launched.Campaign.Progress }, StatusCodes.Status202Accepted);
        });
    }
}

/// <summary><c>POST /api/campaigns/{id}/republish</c> (AimsManager): a new material version; everyone attests again; 202.</summary>
public sealed class RepublishCampaignHandler(ApiCallerResolver callers, TrainingService training) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, error) = await callers.RequireAsync(context, TrainingApi.Managers, "republish training material");
        if (error is not null)
        {
            return error;
        }

        var (request, bodyError) = await RegisterApi.ReadJsonAsync<RepublishRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var errors = CampaignValidator.Validate(request);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var id = RegisterApi.RouteValue(context, "id") ?? string.Empty;
        return await TrainingApi.GuardAsync(async () =>
        {
            var (updated, audience) = await training.RepublishAsync(id, request!, caller!, context.RequestAborted);
            RegisterApi.SetETag(context, updated.ETag);
            return RegisterApi.Json(new { id, materialVersion = updated.Campaign.Material.Version, queued = audience }, StatusCodes.Status202Accepted);
        });
    }
}

/// <summary><c>GET /api/campaigns/{id}/status</c> (AimsManager): completion by group and department, overdue, unreachable, failed with reason.</summary>
public sealed class CampaignStatusHandler(ApiCallerResolver callers, ITrainingCampaignStore campaigns, TrainingService training) : IHttpHandler
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, TrainingApi.Managers, "read training campaigns");
        if (error is not null)
        {
            return error;
        }

        var (found, notFound) = await TrainingApi.FindAsync(context, campaigns);
        return notFound ?? RegisterApi.Json(await training.StatusAsync(found!.Campaign, context.RequestAborted));
    }
}

/// <summary>
/// <c>GET /api/campaigns/{id}/export</c> (AimsManager): CSV, one row per person for the current material, then the attestations of
/// earlier versions as history. Cells are formula-safe.
/// </summary>
public sealed class ExportCampaignHandler(ApiCallerResolver callers, ITrainingCampaignStore campaigns, ITrainingAssignmentStore assignments, ITrainingAttestationStore attestations) : IHttpHandler
{
    public static readonly string[] Header = ["campaignId", "objectId", "displayName", "department", "group", "materialVersion", "status", "reason", "attestedAt", "late", "statementSha256", "materialSha256"];

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, error) = await callers.RequireAsync(context, TrainingApi.Managers, "export training campaigns");
        if (error is not null)
        {
            return error;
        }

        var (found, notFound) = await TrainingApi.FindAsync(context, campaigns);
        if (notFound is not null)
        {
            return notFound;
        }

        var campaign = found!.Campaign;
        var byKey = new Dictionary<string, TrainingAttestation>(StringComparer.OrdinalIgnoreCase);
        await foreach (var a in attestations.ListAsync(campaign.Id, context.RequestAborted))
        {
            byKey[a.MaterialVersion + "|" + a.ObjectId] = a;
        }

        var sb = new StringBuilder().AppendLine(Csv.Line(Header));
        var people = new Dictionary<string, TrainingAssignment>(StringComparer.OrdinalIgnoreCase);
        await foreach (var a in assignments.ListAsync(campaign.Id, context.RequestAborted))
        {
            people[a.ObjectId] = a;
            byKey.Remove(a.MaterialVersion + "|" + a.ObjectId, out var att);
            sb.AppendLine(Csv.Line([campaign.Id, a.ObjectId, a.DisplayName, a.Department, a.GroupId, a.MaterialVersion, a.Status.ToString(), a.Reason ?? a.LastError,
                att?.At.ToString("o"), att is null ? null : att.Late ? "true" : "false", att?.StatementSha256, att?.MaterialSha256]));
        }

        foreach (var att in byKey.Values.OrderBy(a => a.ObjectId, StringComparer.Ordinal).ThenBy(a => a.At))
        {
            people.TryGetValue(att.ObjectId, out var p);
            sb.AppendLine(Csv.Line([campaign.Id, att.ObjectId, att.DisplayName, p?.Department, p?.GroupId, att.MaterialVersion, "Superseded", "Attested an earlier material version",
                att.At.ToString("o"), att.Late ? "true" : "false", att.StatementSha256, att.MaterialSha256]));
        }

        return Results.File(Encoding.UTF8.GetBytes(sb.ToString()), "text/csv; charset=utf-8", $"campaign-{Aims.Application.Evidence.AuditPackNames.SafeSegment(campaign.Id)}.csv");
    }
}
