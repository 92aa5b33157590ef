using System.Net;
using Aims.Application.Http;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Aims.Application.Workspace;

/// <summary>
/// <c>GET /api/workspace-config</c> (public): the tenant, the tab's client id and the API scope the page asks Teams for. Only a
/// host in development mode (the DevHost without <c>Api:Audience</c>) offers the development sign-in, and it lists the demo
/// people to loopback callers only, the same rule <c>X-Aims-User</c> follows.
/// </summary>
public sealed class WorkspaceConfigHandler(IConfiguration configuration, IOptions<WorkspaceOptions> workspace, ApiCallerResolver callers, IDirectoryClient directory, RoleGroupOptions groups, RoleResolver roles) : IEndpointHandler
{
    /// <summary>The scope the API's App ID URI exposes for the tab (docs/deploy.md).</summary>
    public const string ScopeName = "access_as_user";

    /// <summary>The development sign-in offers a short list to pick from, not a directory browser.</summary>
    private const int MaxDemoPeople = 50;

    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resource = Blank(configuration["Api:TabResource"]);
        var botId = Blank(configuration["Bot:AppId"]);
        var config = new WorkspaceConfig(
            Blank(configuration["Api:TenantId"]),
            botId,
            resource is null ? null : resource.TrimEnd('/') + "/" + ScopeName,
            callers.IsDevelopmentMode,
            callers.IsDevelopmentMode && IsLoopback(request.Http.Connection.RemoteIpAddress) ? await DemoPeopleAsync(request.Aborted) : [],
            Blank(workspace.Value.ChatUrl) ?? (botId is null ? null : "https://teams.microsoft.com/l/chat/0/0?users=28:" + Uri.EscapeDataString(botId)));
        request.Http.Response.Headers.CacheControl = "no-store";
        return ApiResults.Ok(config);
    }

    private async Task<IReadOnlyList<DemoPerson>> DemoPeopleAsync(CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, DirectoryUser>(StringComparer.Ordinal);
        // The personas the DevHost names (Dev:SignInPeople, the people of the ./aims dev banner), so the list is short and names
        // nobody else of the directory; without the setting, every member of a role group.
        var named = (configuration["Dev:SignInPeople"] ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var id in named)
        {
            if (await directory.GetUserAsync(id, cancellationToken) is { } user)
            {
                seen.TryAdd(user.ObjectId, user);
            }
        }

        foreach (var role in named.Length > 0 ? Array.Empty<AimsRole>() : Enum.GetValues<AimsRole>())
        {
            foreach (var group in groups.GroupsFor(role))
            {
                var page = await directory.GetGroupMembersPageAsync(group, null, cancellationToken);
                foreach (var user in page.Items)
                {
                    seen.TryAdd(user.ObjectId, user);
                }
            }
        }

        var people = new List<DemoPerson>();
        foreach (var user in seen.Values.OrderBy(u => u.DisplayName, StringComparer.Ordinal).Take(MaxDemoPeople))
        {
            var assignment = await roles.GetRolesAsync(user.ObjectId, RoleFreshness.LastKnownAllowed, cancellationToken);
            people.Add(new DemoPerson(user.ObjectId, user.DisplayName, user.JobTitle, [.. assignment.Roles.Order()]));
        }

        // Managers first: the person who runs the AIMS is whom a developer most often signs in as.
        return [.. people.OrderByDescending(p => p.Roles.Count).ThenBy(p => p.DisplayName, StringComparer.Ordinal)];
    }

    private static bool IsLoopback(IPAddress? remote) => remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
