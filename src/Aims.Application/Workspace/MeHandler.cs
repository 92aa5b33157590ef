using Aims.Application.Http;
using Aims.Core.Directory;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Workspace;

/// <summary>
/// <c>GET /api/me</c>: the caller's name and roles, so the workspace shows only the pages a person may use. The last known roles are
/// enough here (a directory hiccup should not blank the page): hiding a page is a courtesy, the API still refuses on its own.
/// </summary>
public sealed class MeHandler(RoleResolver roles) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var assignment = await roles.GetRolesAsync(request.Caller.ObjectId, RoleFreshness.LastKnownAllowed, request.Aborted);
        return ApiResults.Ok(new MeView(request.Caller.ObjectId, request.Caller.DisplayName, [.. assignment.Roles.Order()]));
    }
}
