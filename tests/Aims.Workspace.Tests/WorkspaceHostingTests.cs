using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aims.Workspace.Tests;

/// <summary>How the DevHost serves the workspace: same origin as the API, deep links answer the page, strict headers.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceHostingTests(WorkspaceStack stack)
{
    [Theory]
    [InlineData("workspace", "/workspace/")]
    [InlineData("workspace/risks/R-1", "/workspace/")]
    [InlineData("api/workspace/soa", "/api/workspace/")]
    public async Task Every_page_path_answers_the_page_with_its_base_set_to_where_it_is_mounted_and_headers_that_let_only_Teams_frame_it(string path, string mount)
    {
        using var http = new HttpClient { BaseAddress = new Uri(stack.BaseUrl + "/") };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<base href=\"{mount}\" />", html, StringComparison.Ordinal);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com", csp, StringComparison.Ordinal);
        Assert.Contains("https://*.cloud.microsoft", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(response.Headers.Contains("X-Frame-Options"));

        // The scripts the page names are served, from this origin, and cached for good (their names carry their hash).
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"\\./(assets/[^\"]+\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(script);
        using var asset = await http.GetAsync(new Uri(mount.TrimStart('/') + script, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("workspace/assets/missing.js")]
    [InlineData("workspace/..%2F..%2Fappsettings.json")]
    public async Task A_missing_file_or_a_path_outside_the_workspace_is_not_found_never_the_page_or_another_file(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(stack.BaseUrl + "/") };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("AimsStorage", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_config_offers_the_development_sign_in_with_the_demo_people_and_their_roles_and_me_names_the_caller()
    {
        using var http = new HttpClient { BaseAddress = new Uri(stack.BaseUrl + "/") };
        var config = await http.GetFromJsonAsync<JsonElement>(new Uri("api/workspace-config", UriKind.Relative));

        Assert.True(config.GetProperty("developmentSignIn").GetBoolean());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("apiScope").ValueKind); // no Api:TabResource in the DevHost
        var people = config.GetProperty("demoPeople").EnumerateArray().ToList();
        var alex = people.Single(p => p.GetProperty("objectId").GetString() == DemoPeople.AlexWilber);
        Assert.Equal("Alex Wilber", alex.GetProperty("displayName").GetString());
        Assert.Equal(["AimsManager", "RiskOwner", "Staff"], alex.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["Staff"], people.Single(p => p.GetProperty("objectId").GetString() == DemoPeople.LynneRobbins).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("api/me", UriKind.Relative))).StatusCode);
        using var lynne = stack.Api(DemoPeople.LynneRobbins);
        var me = await lynne.GetFromJsonAsync<JsonElement>(new Uri("api/me", UriKind.Relative));
        Assert.Equal("Lynne Robbins", me.GetProperty("displayName").GetString());
        Assert.Equal(["Staff"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task The_risk_heatmap_counts_every_risk_of_the_register_in_the_cell_of_its_inherent_and_its_residual_rating()
    {
        using var api = stack.Api(DemoPeople.AlexWilber);
        var expectedInherent = new int[5, 5];
        var expectedResidual = new int[5, 5];
        var total = 0;
        string? token = null;
        do
        {
            var page = await api.GetFromJsonAsync<JsonElement>(new Uri("api/risks?pageSize=200" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)), UriKind.Relative));
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                var risk = item.GetProperty("risk");
                expectedInherent[risk.GetProperty("likelihood").GetInt32() - 1, risk.GetProperty("impact").GetInt32() - 1]++;
                expectedResidual[risk.GetProperty("residualLikelihood").GetInt32() - 1, risk.GetProperty("residualImpact").GetInt32() - 1]++;
                total++;
            }

            token = page.GetProperty("continuationToken").ValueKind == JsonValueKind.String ? page.GetProperty("continuationToken").GetString() : null;
        }
        while (token is not null);

        var heatmap = await api.GetFromJsonAsync<JsonElement>(new Uri("api/risks/heatmap", UriKind.Relative));

        Assert.True(total > 0);
        Assert.Equal(total, heatmap.GetProperty("total").GetInt32());
        for (var l = 0; l < 5; l++)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(expectedInherent[l, i], heatmap.GetProperty("inherent")[l][i].GetInt32());
                Assert.Equal(expectedResidual[l, i], heatmap.GetProperty("residual")[l][i].GetInt32());
            }
        }

        Assert.Equal("Critical", heatmap.GetProperty("levels")[4][4].GetString()); // 5 x 5 in the default matrix
        Assert.Equal("Low", heatmap.GetProperty("levels")[0][0].GetString());
        using var lynne = stack.Api(DemoPeople.LynneRobbins);
        Assert.Equal(HttpStatusCode.Forbidden, (await lynne.GetAsync(new Uri("api/risks/heatmap", UriKind.Relative))).StatusCode);
    }
}
