using Aims.Application.Http;
using Aims.Core.Directory;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Workspace;

/// <summary>
/// <c>GET /api/people?search=</c> finds people of the directory by name, and <c>GET /api/people?ids=</c> names the object ids a
/// form already holds, so the workspace picks owners, attendees and auditors by name. The server still checks every id it is sent.
/// </summary>
public sealed class PeopleHandler(IDirectorySearch search, IDirectoryClient directory) : IEndpointHandler
{
    /// <summary>A form shows a few dozen people at most; more ids in one request are refused rather than looked up one by one.</summary>
    public const int MaxIds = 50;

    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = request.Query["ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (ids.Count > 0)
        {
            if (ids.Count > MaxIds)
            {
                return ApiProblems.Validation("ids", $"At most {MaxIds} object ids per request.");
            }

            var named = new List<PersonView>();
            foreach (var id in ids)
            {
                if (await directory.GetUserAsync(id, request.Aborted) is { } user)
                {
                    named.Add(new PersonView(user.ObjectId, user.DisplayName, user.JobTitle));
                }
            }

            return ApiResults.Ok(named);
        }

        if (DirectoryQuery.Clean(request.Query["search"]) is not { } query)
        {
            return ApiProblems.Validation("search", "Type part of a name to search for, or send ids.");
        }

        var found = await search.SearchAsync(DirectoryDataset.People, query, 0, DirectoryQuery.MaxTop, request.Aborted);
        return ApiResults.Ok(found.Select(m => new PersonView(m.ObjectId, m.DisplayName, m.Detail)).ToList());
    }
}
