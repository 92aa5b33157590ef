using System.Net;
using System.Text.Json;
using Aims.Core.Messaging;
using Aims.Infrastructure.Directory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aims.Infrastructure.Tests.Directory;

/// <summary><see cref="GraphTeamsAppInstaller"/> over a real GraphServiceClient; the network answers recorded Graph responses.</summary>
public sealed class GraphTeamsAppInstallerTests
{
    private const string UserId = "7d3e1f52-9c4b-4b8e-a1d2-3f5e6a7b8c90";
    private const string CatalogId = "e3c1a5d2-4b6f-4c8e-9a0b-1d2e3f4a5b6c";

    private static (GraphTeamsAppInstaller Installer, RecordedGraph Graph) Create(Func<SeenRequest, int, HttpResponseMessage> respond)
    {
        var graph = new RecordedGraph { Respond = respond };
        var options = new TeamsAppInstallOptions { InstallAppForUnreachable = true, TeamsAppCatalogId = CatalogId };
        return (new GraphTeamsAppInstaller(graph.CreateClient(), options, NullLogger<GraphTeamsAppInstaller>.Instance), graph);
    }

    [Fact]
    public async Task Installing_posts_the_catalog_app_binding_to_the_users_installed_apps()
    {
        var (installer, graph) = Create((_, _) => new HttpResponseMessage(HttpStatusCode.Created));

        var result = await installer.InstallForUserAsync(UserId);

        Assert.Equal(AppInstallOutcome.Installed, result.Outcome);
        var request = Assert.Single(graph.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"/v1.0/users/{UserId}/teamwork/installedApps", request.Path);
        Assert.Equal($"Bearer {RecordedGraph.Token}", request.Header("Authorization"));
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal($"https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{CatalogId}", body.RootElement.GetProperty("teamsApp@odata.bind").GetString());
    }

    [Fact]
    public async Task Conflict_means_already_installed_and_forbidden_is_a_refusal_with_graphs_reason()
    {
        var (already, _) = Create((_, _) => RecordedGraph.Json("error-409-app-installed.json", HttpStatusCode.Conflict));
        var (forbidden, graph) = Create((_, _) => RecordedGraph.Json("error-403.json", HttpStatusCode.Forbidden));

        var conflict = await already.InstallForUserAsync(UserId);
        var refused = await forbidden.InstallForUserAsync(UserId);

        Assert.Equal(AppInstallOutcome.AlreadyInstalled, conflict.Outcome);
        Assert.True(conflict.IsInstalled);
        Assert.Equal(AppInstallOutcome.Refused, refused.Outcome);
        Assert.False(refused.IsInstalled);
        Assert.Contains("403 Authorization_RequestDenied", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("Insufficient privileges", refused.Reason, StringComparison.Ordinal);
        Assert.Single(graph.Requests); // a refusal is not retried
    }

    [Fact]
    public async Task Throttling_is_retried_by_the_sdk_and_then_installs()
    {
        var (installer, graph) = Create((_, i) =>
        {
            if (i > 0)
            {
                return new HttpResponseMessage(HttpStatusCode.Created);
            }

            var throttled = RecordedGraph.Json("error-429.json", HttpStatusCode.TooManyRequests);
            throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return throttled;
        });

        var result = await installer.InstallForUserAsync(UserId);

        Assert.Equal(AppInstallOutcome.Installed, result.Outcome);
        Assert.Equal(2, graph.Requests.Count);
        Assert.All(graph.Requests, r => Assert.Contains(CatalogId, r.Body, StringComparison.Ordinal)); // the retry resends the body
    }
}
