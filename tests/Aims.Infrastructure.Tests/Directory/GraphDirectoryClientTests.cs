using System.Net;
using Aims.Core.Directory;
using Aims.Infrastructure.Directory;

namespace Aims.Infrastructure.Tests.Directory;

/// <summary>
/// <see cref="GraphDirectoryClient"/> over a real GraphServiceClient and the SDK's default middleware; only the network is
/// replaced by recorded Graph responses. The assertions are on the requests the SDK really sends.
/// </summary>
public sealed class GraphDirectoryClientTests
{
    private const string UserId = "7d3e1f52-9c4b-4b8e-a1d2-3f5e6a7b8c90";
    private const string GroupId = "9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19";
    private const string UserSelect = "id,displayName,mail,department,jobTitle";

    [Fact]
    public async Task Transitive_groups_follow_nextLink_over_three_pages()
    {
        var page2 = RecordedGraph.NextLink("transitive-groups-page1.json");
        var page3 = RecordedGraph.NextLink("transitive-groups-page2.json");
        var graph = new RecordedGraph
        {
            Respond = (r, _) => r.Uri.AbsoluteUri == page2 ? RecordedGraph.Json("transitive-groups-page2.json")
                : r.Uri.AbsoluteUri == page3 ? RecordedGraph.Json("transitive-groups-page3.json")
                : RecordedGraph.Json("transitive-groups-page1.json"),
        };
        var client = new GraphDirectoryClient(graph.CreateClient());

        var groups = await client.GetTransitiveGroupIdsAsync(UserId);

        Assert.Equal(
            ["11a8f45c-04d5-46b3-9b4c-ab2d217574cd", "2b6f0e1d-7a3c-4f8e-9d21-5c4b3a291807", "3c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f", "4d0e9f8a-7b6c-4d5e-9f3a-2b1c0d9e8f7a", "5e1f0a9b-8c7d-4e6f-a04b-3c2d1e0f9a8b"],
            groups.Order(StringComparer.Ordinal));
        var requests = graph.Requests;
        Assert.Equal(3, requests.Count);
        var first = requests[0];
        Assert.Equal(HttpMethod.Get, first.Method);
        Assert.Equal("graph.microsoft.com", first.Uri.Host);
        // The SDK casts with the namespace alias Graph declares in $metadata (graph = microsoft.graph); the nextLinks Graph
        // returns use the full name. Both address the same OData cast segment.
        Assert.Equal($"/v1.0/users/{UserId}/transitiveMemberOf/graph.group", first.Path);
        Assert.Equal("id", first.Query("$select"));
        Assert.Equal("999", first.Query("$top"));
        Assert.Null(first.Query("$count"));
        Assert.Contains("application/json", first.Header("Accept"), StringComparison.Ordinal);
        Assert.Equal(page2, requests[1].Uri.AbsoluteUri);
        Assert.Equal(page3, requests[2].Uri.AbsoluteUri);
        Assert.All(requests, r =>
        {
            Assert.Equal($"Bearer {RecordedGraph.Token}", r.Header("Authorization"));
            Assert.Null(r.Header("ConsistencyLevel")); // no advanced query ($count, $search) is used
        });
    }

    [Fact]
    public async Task Group_members_are_paged_with_the_nextLink_as_continuation_token()
    {
        var page2 = RecordedGraph.NextLink("group-members-page1.json");
        var page3 = RecordedGraph.NextLink("group-members-page2.json");
        var graph = new RecordedGraph
        {
            Respond = (r, _) => r.Uri.AbsoluteUri == page2 ? RecordedGraph.Json("group-members-page2.json")
                : r.Uri.AbsoluteUri == page3 ? RecordedGraph.Json("group-members-page3.json")
                : RecordedGraph.Json("group-members-page1.json"),
        };
        var client = new GraphDirectoryClient(graph.CreateClient());

        var first = await client.GetGroupMembersPageAsync(GroupId, null);
        var second = await client.GetGroupMembersPageAsync(GroupId, first.ContinuationToken);
        var third = await client.GetGroupMembersPageAsync(GroupId, second.ContinuationToken);

        Assert.Equal(["Alex Wilber", "Megan Bowen"], first.Items.Select(u => u.DisplayName));
        Assert.Equal(page2, first.ContinuationToken);
        Assert.Equal(new DirectoryUser("c6d5e4f3-a2b1-4098-c765-43210fedcba9", "Lee Gu", null, "Customer Operations", null), Assert.Single(second.Items));
        Assert.Equal(page3, second.ContinuationToken);
        Assert.Equal("Nestor Wilke", Assert.Single(third.Items).DisplayName);
        Assert.Null(third.ContinuationToken);

        var requests = graph.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal($"/v1.0/groups/{GroupId}/transitiveMembers/graph.user", requests[0].Path);
        Assert.Equal(UserSelect, requests[0].Query("$select"));
        Assert.Equal("999", requests[0].Query("$top"));
        Assert.Equal(page2, requests[1].Uri.AbsoluteUri);
        Assert.Equal(page3, requests[2].Uri.AbsoluteUri);
        Assert.All(requests, r => Assert.Equal(UserSelect, r.Query("$select")));
        Assert.All(requests, r => Assert.Equal($"Bearer {RecordedGraph.Token}", r.Header("Authorization")));
    }

    [Theory]
    [InlineData("https://graph.evil.example/v1.0/groups/9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19/transitiveMembers/microsoft.graph.user?$skiptoken=x")]
    [InlineData("http://graph.microsoft.com/v1.0/groups/9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19/transitiveMembers/microsoft.graph.user?$skiptoken=x")]
    [InlineData("/v1.0/groups/9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19/transitiveMembers/microsoft.graph.user?$skiptoken=x")]
    [InlineData("not a link")]
    public async Task A_continuation_token_that_is_not_a_Graph_link_is_refused_before_any_request(string token)
    {
        var graph = new RecordedGraph { Respond = (_, _) => RecordedGraph.Json("group-members-page3.json") };
        var client = new GraphDirectoryClient(graph.CreateClient());

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetGroupMembersPageAsync(GroupId, token));
        Assert.Empty(graph.Requests);
    }

    [Fact]
    public async Task User_profile_selects_only_the_fields_used()
    {
        var graph = new RecordedGraph { Respond = (_, _) => RecordedGraph.Json("user.json") };
        var client = new GraphDirectoryClient(graph.CreateClient());

        var user = await client.GetUserAsync(UserId);

        Assert.Equal(new DirectoryUser(UserId, "Patti Fernandez", "PattiF@contoso.onmicrosoft.com", "Customer Operations", "Operations Lead"), user);
        var request = Assert.Single(graph.Requests);
        Assert.Equal($"/v1.0/users/{UserId}", request.Path);
        Assert.Equal(UserSelect, request.Query("$select"));
        Assert.Equal($"Bearer {RecordedGraph.Token}", request.Header("Authorization"));
    }

    [Fact]
    public async Task Manager_is_read_from_the_manager_navigation()
    {
        var graph = new RecordedGraph { Respond = (_, _) => RecordedGraph.Json("manager.json") };
        var client = new GraphDirectoryClient(graph.CreateClient());

        var manager = await client.GetManagerAsync(UserId);

        Assert.Equal(new DirectoryUser("b5c4d3e2-f1a0-4987-b654-3210fedcba98", "Megan Bowen", "MeganB@contoso.onmicrosoft.com", "Data Science", "Head of Data Science"), manager);
        var request = Assert.Single(graph.Requests);
        Assert.Equal($"/v1.0/users/{UserId}/manager", request.Path);
        Assert.Equal(UserSelect, request.Query("$select"));
    }

    [Fact]
    public async Task An_unknown_user_or_a_user_without_manager_is_null_not_an_outage()
    {
        var graph = new RecordedGraph { Respond = (_, _) => RecordedGraph.Json("error-404-user.json", HttpStatusCode.NotFound) };
        var client = new GraphDirectoryClient(graph.CreateClient());

        Assert.Null(await client.GetUserAsync("0a1b2c3d-0000-4000-8000-00000000dead"));
        Assert.Null(await client.GetManagerAsync("0a1b2c3d-0000-4000-8000-00000000dead"));
        Assert.Empty(await client.GetTransitiveGroupIdsAsync("0a1b2c3d-0000-4000-8000-00000000dead"));
        Assert.Equal(3, graph.Requests.Count); // a 404 is not retried
    }

    [Fact]
    public async Task A_missing_permission_is_an_unavailable_directory_and_is_not_retried()
    {
        var graph = new RecordedGraph { Respond = (_, _) => RecordedGraph.Json("error-403.json", HttpStatusCode.Forbidden) };
        var client = new GraphDirectoryClient(graph.CreateClient());

        var ex = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => client.GetTransitiveGroupIdsAsync(UserId));

        Assert.Contains("403", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Authorization_RequestDenied", ex.Message, StringComparison.Ordinal);
        Assert.Single(graph.Requests);
    }

    [Fact]
    public async Task A_missing_group_is_an_unavailable_directory_not_an_empty_group()
    {
        var graph = new RecordedGraph { Respond = (_, _) => RecordedGraph.Json("error-404-user.json", HttpStatusCode.NotFound) };
        var client = new GraphDirectoryClient(graph.CreateClient());

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => client.GetGroupMembersPageAsync(GroupId, null));
    }

    [Fact]
    public async Task Throttling_is_retried_by_the_SDK_after_Retry_After()
    {
        var graph = new RecordedGraph
        {
            Respond = (_, index) =>
            {
                if (index > 0)
                {
                    return RecordedGraph.Json("user.json");
                }

                var throttled = RecordedGraph.Json("error-429.json", HttpStatusCode.TooManyRequests);
                throttled.Headers.Add("Retry-After", "1");
                return throttled;
            },
        };
        var client = new GraphDirectoryClient(graph.CreateClient()); // production retry settings

        var user = await client.GetUserAsync(UserId);

        Assert.Equal("Patti Fernandez", user?.DisplayName);
        var requests = graph.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Uri, requests[1].Uri);
        Assert.Null(requests[0].Header("Retry-Attempt"));
        Assert.Equal("1", requests[1].Header("Retry-Attempt"));
        Assert.Equal($"Bearer {RecordedGraph.Token}", requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task A_lasting_outage_becomes_DirectoryUnavailable_after_the_bounded_retries()
    {
        var graph = new RecordedGraph { Respond = (_, _) => RecordedGraph.Json("error-503.json", HttpStatusCode.ServiceUnavailable) };
        var client = new GraphDirectoryClient(graph.CreateClient(new Dictionary<string, string?>
        {
            ["Directory:Graph:MaxRetries"] = "3",
            ["Directory:Graph:RetryDelaySeconds"] = "0", // same number of attempts as production, without the back-off waits
        }));

        var ex = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => client.GetUserAsync(UserId));

        Assert.Contains("503", ex.Message, StringComparison.Ordinal);
        Assert.IsType<AggregateException>(ex.InnerException); // how the SDK's retry handler reports giving up
        Assert.Equal(4, graph.Requests.Count); // the first attempt and three retries
        Assert.Equal(["1", "2", "3"], graph.Requests.Skip(1).Select(r => r.Header("Retry-Attempt")));
    }
}
