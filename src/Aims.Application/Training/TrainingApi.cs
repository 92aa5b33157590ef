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

    /// <summary>The campaign named by the route (404 thrown when there is none).</summary>
    public static async Task<VersionedCampaign> FindAsync(ApiRequest request, ITrainingCampaignStore campaigns)
    {
        var id = request.Id;
        return (string.IsNullOrWhiteSpace(id) ? null : await campaigns.GetAsync(id, request.Aborted)) ?? throw new KeyNotFoundException($"No campaign '{id}'.");
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
}

/// <summary><c>POST /api/campaigns</c> (AimsManager): creates a draft; 201 with Location and ETag, 400 field by field.</summary>
public sealed class CreateCampaignHandler(TrainingService training, TimeProvider time) : IEndpointHandler<CampaignRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<CampaignRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = CampaignValidator.Validate(request.Body, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var created = await training.CreateAsync(request.Body, request.Caller, cancellationToken: request.Aborted);
        return ApiResults.Created(TrainingApi.View(created), etag: created.ETag);
    }
}

/// <summary><c>GET /api/campaigns</c> (AimsManager).</summary>
public sealed class ListCampaignsHandler(ITrainingCampaignStore campaigns) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var all = await campaigns.ListAsync(request.Aborted);
        return ApiResults.Ok(new { items = all.OrderByDescending(c => c.Campaign.CreatedAt).Select(TrainingApi.View) });
    }
}

/// <summary><c>GET /api/campaigns/{id}</c> (AimsManager).</summary>
public sealed class GetCampaignHandler(ITrainingCampaignStore campaigns) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await TrainingApi.FindAsync(request, campaigns);
        return ApiResults.Ok(TrainingApi.View(found), found.ETag);
    }
}

/// <summary>
/// <c>POST /api/campaigns/{id}/launch</c> (AimsManager): confirms the launch and queues the audience resolution; 202 with the
/// status URL as Location (its <c>launch</c> shows pages done and people assigned so far).
/// </summary>
public sealed class LaunchCampaignHandler(TrainingService training) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id;
        var launched = await training.LaunchAsync(id, request.Caller, request.Aborted);
        return ApiResults.Accepted(new { id, state = launched.Campaign.State, launch = launched.Campaign.Progress }, $"/api/campaigns/{Uri.EscapeDataString(id)}/status", launched.ETag);
    }
}

/// <summary><c>POST /api/campaigns/{id}/republish</c> (AimsManager): a new material version; everyone attests again; 202.</summary>
public sealed class RepublishCampaignHandler(TrainingService training) : IEndpointHandler<RepublishRequest>
{
    public async Task<IResult> HandleAsync(ApiRequest<RepublishRequest> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = CampaignValidator.Validate(request.Body);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var id = request.Id;
        var (updated, audience) = await training.RepublishAsync(id, request.Body, request.Caller, request.Aborted);
        return ApiResults.Accepted(new { id, materialVersion = updated.Campaign.Material.Version, queued = audience }, etag: updated.ETag);
    }
}

/// <summary><c>GET /api/campaigns/{id}/status</c> (AimsManager): completion by group and department, overdue, unreachable, failed with reason.</summary>
public sealed class CampaignStatusHandler(ITrainingCampaignStore campaigns, TrainingService training) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await TrainingApi.FindAsync(request, campaigns);
        return ApiResults.Ok(await training.StatusAsync(found.Campaign, request.Aborted));
    }
}

/// <summary>
/// <c>GET /api/campaigns/{id}/export</c> (AimsManager): CSV, one row per person for the current material, then the attestations of
/// earlier versions as history. Cells are formula-safe.
/// </summary>
public sealed class ExportCampaignHandler(ITrainingCampaignStore campaigns, ITrainingAssignmentStore assignments, ITrainingAttestationStore attestations) : IEndpointHandler
{
    public static readonly string[] Header = ["campaignId", "objectId", "displayName", "department", "group", "materialVersion", "status", "reason", "attestedAt", "late", "statementSha256", "materialSha256"];

    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var campaign = (await TrainingApi.FindAsync(request, campaigns)).Campaign;
        var byKey = new Dictionary<string, TrainingAttestation>(StringComparer.OrdinalIgnoreCase);
        await foreach (var a in attestations.ListAsync(campaign.Id, request.Aborted))
        {
            byKey[a.MaterialVersion + "|" + a.ObjectId] = a;
        }

        var sb = new StringBuilder().AppendLine(Csv.Line(Header));
        var people = new Dictionary<string, TrainingAssignment>(StringComparer.OrdinalIgnoreCase);
        await foreach (var a in assignments.ListAsync(campaign.Id, request.Aborted))
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
