using Aims.Core.Directory;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Aims.Infrastructure.Directory;

/// <summary>
/// The directory in Entra ID through Microsoft Graph (application permissions: User.Read.All, GroupMember.Read.All).
/// Only the fields we use are selected; throttling (429 with Retry-After) is retried by the SDK's retry handler. The typeahead
/// search uses Graph's advanced queries (<c>$search="displayName:..."</c>, which needs <c>ConsistencyLevel: eventual</c>).
/// </summary>
public sealed class GraphDirectoryClient(GraphServiceClient graph) : IDirectoryClient, IDirectorySearch
{
    private static readonly string[] UserFields = ["id", "displayName", "mail", "department", "jobTitle"];
    private static readonly string[] GroupFields = ["id", "displayName", "mail", "description"];
    private const string ConsistencyLevel = "ConsistencyLevel";
    private const string Eventual = "eventual";

    // Without a mapping the page iterator reports a failed next page as a bare ApiException; with it, as the ODataError Graph sent.
    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new(StringComparer.Ordinal)
    {
        ["XXX"] = ODataError.CreateFromDiscriminatorValue,
    };

    public string ProviderName => "Graph";

    public async Task<IReadOnlySet<string>> GetTransitiveGroupIdsAsync(string userObjectId, CancellationToken cancellationToken = default)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await CallAsync(async () =>
        {
            var first = await graph.Users[userObjectId].TransitiveMemberOf.GraphGroup.GetAsync(r =>
            {
                r.QueryParameters.Select = ["id"];
                r.QueryParameters.Top = 999;
            }, cancellationToken);
            if (first is null)
            {
                return;
            }

            var pages = PageIterator<Group, GroupCollectionResponse>.CreatePageIterator(graph, first, group =>
            {
                if (group.Id is not null)
                {
                    ids.Add(group.Id);
                }

                return true;
            }, errorMapping: ErrorMapping);
            await pages.IterateAsync(cancellationToken);
        }, $"group memberships of {userObjectId}", notFoundIsEmpty: true);
        return ids;
    }

    public async Task<DirectoryPage<Core.Directory.DirectoryUser>> GetGroupMembersPageAsync(string groupObjectId, string? continuationToken, CancellationToken cancellationToken = default)
    {
        UserCollectionResponse? page = null;
        await CallAsync(async () =>
        {
            var request = graph.Groups[groupObjectId].TransitiveMembers.GraphUser;
            page = continuationToken is null
                ? await request.GetAsync(r =>
                {
                    r.QueryParameters.Select = UserFields;
                    r.QueryParameters.Top = 999;
                }, cancellationToken)
                // The continuation token is Graph's own @odata.nextLink: it already carries $select, $top and $skiptoken.
                : await request.WithUrl(ValidateNextLink(continuationToken)).GetAsync(cancellationToken: cancellationToken);
        }, $"members of group {groupObjectId}", notFoundIsEmpty: false);
        var users = page?.Value?.Where(u => u.Id is not null).Select(ToUser).ToList() ?? [];
        return new DirectoryPage<Core.Directory.DirectoryUser>(users, page?.OdataNextLink);
    }

    public async Task<Core.Directory.DirectoryUser?> GetUserAsync(string userObjectId, CancellationToken cancellationToken = default)
    {
        User? user = null;
        await CallAsync(async () => user = await graph.Users[userObjectId].GetAsync(r => r.QueryParameters.Select = UserFields, cancellationToken),
            $"user {userObjectId}", notFoundIsEmpty: true);
        return user?.Id is null ? null : ToUser(user);
    }

    public async Task<Core.Directory.DirectoryUser?> GetManagerAsync(string userObjectId, CancellationToken cancellationToken = default)
    {
        DirectoryObject? manager = null;
        await CallAsync(async () => manager = await graph.Users[userObjectId].Manager.GetAsync(r => r.QueryParameters.Select = UserFields, cancellationToken),
            $"manager of {userObjectId}", notFoundIsEmpty: true);
        return manager is User { Id: not null } u ? ToUser(u) : null;
    }

    public async Task<IReadOnlyList<DirectoryMatch>> SearchAsync(DirectoryDataset dataset, string query, int skip, int top, CancellationToken cancellationToken = default)
    {
        // Graph has no $skip for directory objects: the first skip + top are asked for (both bounded) and the skipped ones dropped.
        var clean = DirectoryQuery.Clean(query) ?? throw new ArgumentException("The search query is empty.", nameof(query));
        var take = DirectoryQuery.Skip(skip) + DirectoryQuery.Top(top);
        var search = $"\"displayName:{clean}\"";
        string[] byName = ["displayName"];
        IEnumerable<DirectoryMatch> found = [];
        await CallAsync(async () => found = dataset == DirectoryDataset.People
            ? (await graph.Users.GetAsync(r =>
            {
                (r.QueryParameters.Search, r.QueryParameters.Select, r.QueryParameters.Orderby, r.QueryParameters.Top) = (search, UserFields, byName, take);
                r.Headers.Add(ConsistencyLevel, Eventual);
            }, cancellationToken))?.Value?.Where(u => u.Id is not null).Select(u => new DirectoryMatch(u.Id!, u.DisplayName ?? u.Id!, u.Mail ?? u.JobTitle)) ?? []
            : (await graph.Groups.GetAsync(r =>
            {
                (r.QueryParameters.Search, r.QueryParameters.Select, r.QueryParameters.Orderby, r.QueryParameters.Top) = (search, GroupFields, byName, take);
                r.Headers.Add(ConsistencyLevel, Eventual);
            }, cancellationToken))?.Value?.Where(g => g.Id is not null).Select(ToMatch) ?? [],
            $"a search for {DirectoryQuery.DatasetName(dataset)}", notFoundIsEmpty: false);

        return [.. found.Skip(DirectoryQuery.Skip(skip)).Take(DirectoryQuery.Top(top))];
    }

    public async Task<DirectoryMatch?> GetGroupAsync(string groupObjectId, CancellationToken cancellationToken = default)
    {
        // Entra object ids are GUIDs: anything else names no group, and Graph would answer it with a 400, not a 404.
        if (!Guid.TryParse(groupObjectId, out _))
        {
            return null;
        }

        Group? group = null;
        await CallAsync(async () => group = await graph.Groups[groupObjectId].GetAsync(r => r.QueryParameters.Select = GroupFields, cancellationToken),
            $"group {groupObjectId}", notFoundIsEmpty: true);
        return group?.Id is null ? null : ToMatch(group);
    }

    private static DirectoryMatch ToMatch(Group g) => new(g.Id!, g.DisplayName ?? g.Id!, g.Mail ?? g.Description);

    private string ValidateNextLink(string link)
    {
        // A continuation token is only ever a Graph URL we handed out; never follow one to another host.
        var baseUrl = new Uri(graph.RequestAdapter.BaseUrl ?? "https://graph.microsoft.com/v1.0");
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || !string.Equals(uri.Host, baseUrl.Host, StringComparison.OrdinalIgnoreCase) || uri.Scheme != baseUrl.Scheme)
        {
            throw new ArgumentException("The continuation token is not a Microsoft Graph link.", nameof(link));
        }

        return link;
    }

    private static async Task CallAsync(Func<Task> call, string what, bool notFoundIsEmpty)
    {
        try
        {
            await call();
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 404 && notFoundIsEmpty)
        {
            // Unknown user: an empty answer, not an outage.
        }
        catch (ODataError ex)
        {
            throw new DirectoryUnavailableException($"Microsoft Graph refused {what}: {ex.ResponseStatusCode} {ex.Error?.Code} {ex.Error?.Message}".TrimEnd(), ex);
        }
        catch (ApiException ex)
        {
            throw new DirectoryUnavailableException($"Microsoft Graph failed on {what}: {ex.ResponseStatusCode} {ex.Message}", ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is ApiException))
        {
            // The SDK's retry handler gave up (429/503/504 beyond its bounded retries) and reports every attempt.
            var last = (ApiException)ex.InnerExceptions[^1];
            throw new DirectoryUnavailableException($"Microsoft Graph kept failing on {what} after {ex.InnerExceptions.Count} attempts: {last.ResponseStatusCode}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DirectoryUnavailableException($"Microsoft Graph unreachable for {what}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ex.CancellationToken.IsCancellationRequested)
        {
            throw new DirectoryUnavailableException($"Microsoft Graph timed out on {what}.", ex);
        }
    }

    private static Core.Directory.DirectoryUser ToUser(User u) => new(u.Id!, u.DisplayName ?? u.Id!, u.Mail, u.Department, u.JobTitle);
}
