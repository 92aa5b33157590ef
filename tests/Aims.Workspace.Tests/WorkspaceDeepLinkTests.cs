using System.Net.Http.Json;
using System.Text.Json;
using Aims.Application.Workspace;

namespace Aims.Workspace.Tests;

/// <summary>
/// Deep links into the workspace: the "Open in workspace" a card of the DevHost carries lands on that item's page, and of the sub
/// page ids a Teams deep link hands the page, only the router's own routes are followed.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceDeepLinkTests(WorkspaceStack stack)
{
    [Fact]
    public async Task The_Open_in_workspace_link_of_the_risk_card_the_bot_answers_opens_that_risks_page()
    {
        // The card as the bot answers a press on it (risk.view, the card's Refresh), in development mode from loopback.
        using var bot = new HttpClient { BaseAddress = new Uri(stack.BaseUrl + "/") };
        var press = new
        {
            type = "invoke",
            name = "adaptiveCard/action",
            id = "act-" + Guid.NewGuid().ToString("N"),
            serviceUrl = "http://127.0.0.1:9/_connector",
            channelId = "msteams",
            from = new { id = "29:alex", name = "Alex Wilber", aadObjectId = DemoPeople.AlexWilber },
            recipient = new { id = "28:aims", name = "AIMS" },
            conversation = new { id = "conv-deep-link", conversationType = "personal", tenantId = "t" },
            value = new { action = new { type = "Action.Execute", verb = "risk.view", data = new { riskId = "R-1" } }, trigger = "manual" },
        };
        using var answer = await bot.PostAsJsonAsync(new Uri("api/messages", UriKind.Relative), press);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.IsSuccessStatusCode, body.ToString());
        var actions = body.GetProperty("value").GetProperty("actions").EnumerateArray().ToList();
        var open = actions.Single(a => a.GetProperty("title").GetString() == WorkspaceLinks.ActionTitle);
        Assert.Equal("Action.OpenUrl", open.GetProperty("type").GetString());
        var url = open.GetProperty("url").GetString()!;
        Assert.Equal($"{stack.BaseUrl}/workspace/risks/R-1", url);

        var result = await stack.RunBrowserAsync("cardLink", DemoPeople.AlexWilber, url);

        using var api = stack.Api(DemoPeople.AlexWilber);
        var risk = (await api.GetFromJsonAsync<JsonElement>(new Uri("api/risks/R-1", UriKind.Relative))).GetProperty("risk");
        Assert.Equal("/workspace/risks/R-1", result.GetProperty("path").GetString());
        Assert.Equal("Risk R-1", result.GetProperty("heading").GetString());
        Assert.Equal(risk.GetProperty("title").GetString(), result.GetProperty("title").GetString());
        Assert.Empty(result.GetProperty("axe").EnumerateArray());
        Assert.Empty(result.GetProperty("pageErrors").EnumerateArray());
    }

    [Fact]
    public async Task Of_the_sub_pages_a_Teams_deep_link_names_the_page_follows_its_own_routes_and_ignores_anything_else()
    {
        // What a card's Teams deep link carries as its subEntityId, for an id that needs escaping.
        var teams = new Uri(new WorkspaceLinks(null, "3f1d2c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b").Url(WorkspaceRoutes.Document("DOC 9 draft"))!);
        var context = Uri.UnescapeDataString(teams.Query.Split("context=")[1]);
        var fromCard = JsonDocument.Parse(context).RootElement.GetProperty("subEntityId").GetString()!;
        var expected = new Dictionary<string, string?>
        {
            [fromCard] = "/documents/DOC%209%20draft",
            [WorkspaceRoutes.Document("a/b?c")] = "/documents/a%2Fb%3Fc",
            [WorkspaceRoutes.Risk("R-1")] = "/risks/R-1",
            [WorkspaceRoutes.Review] = "/review",
            [WorkspaceRoutes.Assessments] = "/assessments",
            ["/soa"] = "/soa",
            ["evidence"] = "/evidence",
            [""] = null,
            ["meeting"] = null,
            ["configure"] = null,
            ["settings"] = null,
            ["soa/A.5.2"] = null,
            ["review/MR-1"] = null,
            ["risks/R-1/edit"] = null,
            ["risks/.."] = null,
            ["risks/../../x"] = null,
            ["risks/a b"] = null,
            ["risks/R-1?x=1"] = null,
            ["risks/R-1#top"] = null,
            ["risks/%E0%A4%A"] = null,
            ["//evil.example/risks"] = null,
            ["https://evil.example/workspace/risks/R-1"] = null,
            ["javascript:alert(1)"] = null,
            ["risks\\R-1"] = null,
        };

        var result = await stack.RunBrowserAsync("cardLink", DemoPeople.AlexWilber, $"{stack.BaseUrl}/workspace/{fromCard}",
            new Dictionary<string, string> { ["AIMS_SUB_PAGES"] = JsonSerializer.Serialize(expected.Keys) }, onLine: null);

        var followed = result.GetProperty("subPages").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString());
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), followed.OrderBy(e => e.Key, StringComparer.Ordinal));
        // The page reads the escaped segment back as the id (no such document: the page says so under the id's heading).
        Assert.Equal("/workspace/documents/DOC%209%20draft", result.GetProperty("path").GetString());
        Assert.Equal("Document DOC 9 draft", result.GetProperty("heading").GetString());
    }
}
