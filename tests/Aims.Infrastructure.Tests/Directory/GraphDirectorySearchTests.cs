using System.Net;
using Aims.Core.Directory;
using Aims.Infrastructure.Directory;

namespace Aims.Infrastructure.Tests.Directory;

/// <summary>
/// The typeahead's directory search (<see cref="GraphDirectoryClient"/> as <see cref="IDirectorySearch"/>) over a real
/// GraphServiceClient and the SDK's default middleware, answered by recorded Graph responses; the assertions are on the
/// requests the SDK really sends.
/// </summary>
public sealed class GraphDirectorySearchTests
{
    private const string DataScience = "8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968";

    [Fact]
    public async Task People_are_searched_by_display_name_with_eventual_consistency_ordered_and_bounded()
    {
        var graph = new RecordedGraph { Respond = (_, _) => RecordedGraph.Json("users-search.json") };
        IDirectorySearch search = new GraphDirectoryClient(graph.CreateClient());

        var found = await search.SearchAsync(DirectoryDataset.People, "ade", skip: 0, top: 15);

        Assert.Equal(
            [
                new DirectoryMatch("1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b", "Adele Vance", "AdeleV@contoso.onmicrosoft.com"),
                new DirectoryMatch("2a3b4c5d-6e7f-4081-9293-a4b5c6d7e8f9", "Adelina Ruiz", "Data Engineer"),
                new DirectoryMatch("3b4c5d6e-7f80-4192-a3a4-b5c6d7e8f9a0", "Adeola Okafor", "AdeolaO@contoso.onmicrosoft.com"),
            ],
            found);
        var request = Assert.Single(graph.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/v1.0/users", request.Path);
        Assert.Equal("\"displayName:ade\"", request.Query("$search"));
        Assert.Equal("displayName", request.Query("$orderby"));
        Assert.Equal("id,displayName,mail,department,jobTitle", request.Query("$select"));
        Assert.Equal("15", request.Query("$top"));
        Assert.Equal("eventual", request.Header("ConsistencyLevel")); // $search on directory objects is an advanced query
        Assert.Equal($"Bearer {RecordedGraph.Token}", request.Header("Authorization"));
    }

    [Fact]
    public async Task Groups_are_searched_the_same_way_and_a_later_page_asks_for_skip_plus_top_and_drops_the_skipped()
    {
        var graph = new RecordedGraph { Respond = (_, _) => RecordedGraph.Json("groups-search.json") };
        IDirectorySearch search = new GraphDirectoryClient(graph.CreateClient());

        var first = await search.SearchAsync(DirectoryDataset.Groups, "data sci", skip: 0, top: 1);
        var second = await search.SearchAsync(DirectoryDataset.Groups, "data sci", skip: 1, top: 1);

        Assert.Equal([new DirectoryMatch(DataScience, "Data Science", "datascience@contoso.onmicrosoft.com")], first);
        Assert.Equal([new DirectoryMatch("9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19", "Data Science Interns", "Interns of the data science team")], second);
        var requests = graph.Requests;
        Assert.All(requests, r =>
        {
            Assert.Equal("/v1.0/groups", r.Path);
            Assert.Equal("\"displayName:data sci\"", r.Query("$search"));
            Assert.Equal("id,displayName,mail,description", r.Query("$select"));
            Assert.Equal("eventual", r.Header("ConsistencyLevel"));
        });
        Assert.Equal(["1", "2"], requests.Select(r => r.Query("$top")));
    }

    [Fact]
    public async Task A_query_cannot_end_or_escape_the_quoted_search_term_and_paging_is_bounded()
    {
        var graph = new RecordedGraph { Respond = (_, _) => RecordedGraph.Json("users-search.json") };
        IDirectorySearch search = new GraphDirectoryClient(graph.CreateClient());

        await search.SearchAsync(DirectoryDataset.People, "ad\"e\\\" OR \"mail:*" + new string('x', 200), skip: 10_000, top: 10_000);

        var request = Assert.Single(graph.Requests);
        var term = request.Query("$search")!;
        Assert.StartsWith("\"displayName:ade OR mail:*xxx", term, StringComparison.Ordinal);
        Assert.Equal(2, term.Count(c => c == '"')); // only the quotes around the term
        Assert.DoesNotContain('\\', term);
        Assert.Equal(DirectoryQuery.MaxLength, term.Length - "\"displayName:\"".Length);
        Assert.Equal((DirectoryQuery.MaxSkip + DirectoryQuery.MaxTop).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Query("$top"));
    }

    [Fact]
    public async Task A_group_is_read_by_id_an_unknown_one_is_null_and_an_id_that_is_no_object_id_asks_nothing()
    {
        var graph = new RecordedGraph
        {
            Respond = (r, _) => r.Path.EndsWith(DataScience, StringComparison.Ordinal)
                ? RecordedGraph.Json("group.json")
                : RecordedGraph.Json("error-404-group.json", HttpStatusCode.NotFound),
        };
        IDirectorySearch search = new GraphDirectoryClient(graph.CreateClient());

        var group = await search.GetGroupAsync(DataScience);
        var unknown = await search.GetGroupAsync("0a1b2c3d-0000-4000-8000-00000000beef");
        var notAnId = await search.GetGroupAsync("g-data-science");

        Assert.Equal(new DirectoryMatch(DataScience, "Data Science", "datascience@contoso.onmicrosoft.com"), group);
        Assert.Null(unknown);
        Assert.Null(notAnId);
        Assert.Equal([$"/v1.0/groups/{DataScience}", "/v1.0/groups/0a1b2c3d-0000-4000-8000-00000000beef"], graph.Requests.Select(r => r.Path));
        Assert.Equal("id,displayName,mail,description", graph.Requests[0].Query("$select"));
    }

    [Fact]
    public async Task A_failing_search_is_an_unavailable_directory()
    {
        var graph = new RecordedGraph { Respond = (_, _) => RecordedGraph.Json("error-403.json", HttpStatusCode.Forbidden) };
        IDirectorySearch search = new GraphDirectoryClient(graph.CreateClient());

        var ex = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => search.SearchAsync(DirectoryDataset.Groups, "data", 0, 15));

        Assert.Contains("a search for groups", ex.Message, StringComparison.Ordinal);
        Assert.Contains("403", ex.Message, StringComparison.Ordinal);
    }
}
