using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Application.Tests.Cards;
using Aims.Application.Workspace;
using Aims.Teams.Cards;
using Aims.Testing;

namespace Aims.Application.Tests.Workspace;

/// <summary>
/// "Open in workspace" on the cards: the page's own address in the DevHost, a Teams deep link to the workspace tab in Teams, the
/// item's id escaped in both, and no action at all where no workspace address is configured.
/// </summary>
public sealed class WorkspaceLinkTests
{
    /// <summary>The Open in workspace actions of a card's JSON (actions only at the top level: never inside a show card).</summary>
    private static List<string> OpenInWorkspace(AdaptiveCard card) =>
    [
        .. (card.ToJsonNode()["actions"]?.AsArray() ?? [])
            .Where(a => (string?)a!["type"] == "Action.OpenUrl" && (string?)a["title"] == WorkspaceLinks.ActionTitle)
            .Select(a => (string)a!["url"]!),
    ];

    private static Dictionary<string, string> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);

    [Fact]
    public void In_the_DevHost_the_risk_card_opens_the_risks_page_on_the_workspace_itself()
    {
        var risk = Risks.RiskCards.SampleRisk(Core.Risks.ApprovalState.Submitted, "text") with { Id = "R-7" };

        var card = Aims.Application.Risks.RiskApprovalCard.Build(risk, Core.Risks.RiskMatrix.Default, new Aims.Application.Risks.RiskCardView(true, null), [], id => id, TestWorkspaceLinks.DevHost);

        Assert.Equal(["http://localhost:3978/workspace/risks/R-7"], OpenInWorkspace(card));
        // After the decision buttons: Approve, Reject, Request changes stay where the approver expects them.
        Assert.Equal(["Approve", "Reject", "Request changes", WorkspaceLinks.ActionTitle], card.Actions!.Select(a => a.Title));
    }

    [Fact]
    public void In_Teams_the_link_is_a_deep_link_to_the_workspace_tab_with_the_route_as_sub_entity_and_the_page_as_web_fallback()
    {
        var url = TestWorkspaceLinks.Teams.Url(WorkspaceRoutes.Risk("R-7"))!;

        // Written out: the app id, the tab's entity id, every value URL-encoded once.
        Assert.Equal(
            "https://teams.microsoft.com/l/entity/3f1d2c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b/workspace"
            + "?webUrl=https%3A%2F%2Ffunc-aims-abc123.azurewebsites.net%2Fapi%2Fworkspace%2Frisks%2FR-7"
            + "&context=%7B%22subEntityId%22%3A%22risks%2FR-7%22%7D",
            url);
        var query = Query(new Uri(url));
        Assert.Equal("risks/R-7", JsonDocument.Parse(query["context"]).RootElement.GetProperty("subEntityId").GetString());
        Assert.Equal(TestWorkspaceLinks.AzureBase + "risks/R-7", query["webUrl"]);
    }

    [Fact]
    public void An_id_with_reserved_characters_stays_one_path_segment_in_both_forms()
    {
        const string id = "DOC 1/ä?x=1&y#z\"";
        var route = WorkspaceRoutes.Document(id);

        Assert.Equal("documents/DOC%201%2F%C3%A4%3Fx%3D1%26y%23z%22", route);
        Assert.Equal(TestWorkspaceLinks.DevHostBase + route, TestWorkspaceLinks.DevHost.Url(route));
        var teams = new Uri(TestWorkspaceLinks.Teams.Url(route)!);
        Assert.Equal("/l/entity/" + TestWorkspaceLinks.TeamsAppId + "/workspace", teams.AbsolutePath);
        var query = Query(teams);
        Assert.Equal(["webUrl", "context"], query.Keys);
        Assert.Equal(route, JsonDocument.Parse(query["context"]).RootElement.GetProperty("subEntityId").GetString());
        Assert.Equal(TestWorkspaceLinks.AzureBase + route, query["webUrl"]);
        // Decoded by the page, the segment is the id again.
        Assert.Equal(id, Uri.UnescapeDataString(route["documents/".Length..]));
    }

    [Fact]
    public void Without_a_web_address_the_Teams_link_has_no_fallback_and_without_either_there_is_no_link()
    {
        var teamsOnly = new WorkspaceLinks(null, TestWorkspaceLinks.TeamsAppId);

        Assert.Equal("https://teams.microsoft.com/l/entity/3f1d2c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b/workspace?context=%7B%22subEntityId%22%3A%22review%22%7D", teamsOnly.Url(WorkspaceRoutes.Review));
        Assert.False(WorkspaceLinks.None.IsConfigured);
        Assert.Null(WorkspaceLinks.None.Url(WorkspaceRoutes.Review));
        Assert.Null(new WorkspaceLinks("  ", "").Url(WorkspaceRoutes.Soa));
    }

    [Theory]
    [InlineData("ftp://aims.example/workspace/", null)]
    [InlineData("http://aims.example/workspace/", null)]
    [InlineData("/workspace/", null)]
    [InlineData("https://aims.example/workspace/?x=1", null)]
    [InlineData(null, "not-a-guid")]
    public void A_malformed_setting_is_refused_naming_it(string? baseUrl, string? appId)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new WorkspaceLinks(baseUrl, appId));

        Assert.Contains(baseUrl is null ? "Workspace:TeamsAppId" : "Workspace:BaseUrl", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:3978/workspace")]
    [InlineData("http://127.0.0.1:5000/workspace/")]
    [InlineData("http://[::1]:5000/workspace/")]
    public void Plain_http_is_allowed_to_a_loopback_host_and_the_address_gets_its_trailing_slash(string baseUrl)
    {
        Assert.EndsWith("/workspace/risks/R-1", new WorkspaceLinks(baseUrl, null).Url(WorkspaceRoutes.Risk("R-1")), StringComparison.Ordinal);
    }

    /// <summary>Every card of the catalog that shows an item with a workspace page, and the page it opens.</summary>
    public static TheoryData<string, string> CardsWithAPage() => new()
    {
        { "risk-owner-view", "risks/R-1" },
        { "risk-status-view", "risks/R-1" },
        { "risk-decided", "risks/R-1" },
        { "gate-approval", "systems/ais-1" },
        { "gate-decided", "systems/ais-1" },
        { "document-approval", "documents/DOC-1" },
        { "document-approved", "documents/DOC-1" },
        { "document-review", "documents/DOC-1" },
        { "document-reviewed", "documents/DOC-1" },
        { "management-review-digest", "review" },
        { "report", "reports/NC-1" },
        { "impact-assessment-review", "assessments" },
        { "impact-assessment-decided", "assessments" },
        { "objective-breach", "objectives/OBJ-1" },
        { "objective-breach-acknowledged", "objectives/OBJ-1" },
        { "objective-measurement", "objectives/OBJ-1" },
        { "objective-measurement-recorded", "objectives/OBJ-1" },
        { "internal-audit", "audits/IA-1" },
        { "internal-audit-completed", "audits/IA-1" },
        { "review-task-open", "systems/ais-1" },
        { "review-task-decided", "systems/ais-1" },
        { "system", "systems/ais-1" },
        { "treatment-action-overdue", "risks/R-1" },
        { "soa-approval", "soa" },
        { "soa-approved", "soa" },
        { "treatment-action-done", "risks/R-1" },
    };

    [Theory]
    [MemberData(nameof(CardsWithAPage))]
    public void Each_card_that_shows_an_item_opens_its_page_once_as_its_last_action(string card, string route)
    {
        var built = CardCatalogTests.AllCards()[card];

        Assert.Equal([TestWorkspaceLinks.Teams.Url(route)!], OpenInWorkspace(built));
        Assert.Equal(WorkspaceLinks.ActionTitle, built.Actions![^1].Title);
    }

    [Fact]
    public void The_catalog_has_no_card_with_an_item_page_that_this_list_forgets()
    {
        var listed = CardsWithAPage().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        var withLink = CardCatalogTests.AllCards().Where(c => OpenInWorkspace(c.Value).Count > 0).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(listed.Order(StringComparer.Ordinal), withLink);
    }

    [Fact]
    public void The_reporters_own_card_and_a_review_task_without_a_workspace_keep_no_workspace_link()
    {
        var report = new Core.Reports.NonconformityReport { Id = "NC-9", Title = "t", Description = "d", ReporterObjectId = "oid-2", ReporterName = "Lynne" };

        Assert.Empty(OpenInWorkspace(Aims.Application.Reports.ReportCard.Create(report, viewerIsReporter: true, "Thank you", TestWorkspaceLinks.Teams)));
        Assert.Single(OpenInWorkspace(Aims.Application.Reports.ReportCard.Create(report, viewerIsReporter: false, "New report", TestWorkspaceLinks.Teams)));
        // Without a workspace the review task keeps its API link.
        var outOfCycle = CardCatalogTests.AllCards()["review-task-out-of-cycle"];
        Assert.Empty(OpenInWorkspace(outOfCycle));
        Assert.Equal("Open the item", outOfCycle.Actions![^1].Title);
    }

    [Theory]
    [InlineData("ai-system:ais-1", Core.Reviews.ReviewKind.RiskRegisterReview, "systems/ais-1")]
    [InlineData("ai-system:ais-1", Core.Reviews.ReviewKind.ImpactAssessmentReview, "assessments")]
    [InlineData("supplier:TP-1:ais-2", Core.Reviews.ReviewKind.SupplierReview, "systems/ais-2")]
    [InlineData("soa", Core.Reviews.ReviewKind.SoaReview, "soa")]
    [InlineData("ai-policy", Core.Reviews.ReviewKind.AiPolicyReview, "documents")]
    [InlineData("internal-audit-programme", Core.Reviews.ReviewKind.InternalAudit, "audits")]
    public void A_review_task_opens_the_page_of_its_item(string itemKey, Core.Reviews.ReviewKind kind, string route)
    {
        var task = new Core.Reviews.ReviewTask("t-1", "RC-1", kind, "title", "2026-07", itemKey, "item", "oid-1", ["9.3"], [], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(14));

        Assert.Equal(route, Aims.Application.Reviews.ReviewTaskCard.WorkspaceRoute(task));
    }

    [Fact]
    public void The_links_name_the_workspace_tab_of_the_manifest_and_only_routes_the_workspace_knows()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "appPackage", "manifest.json")))!;
        var tab = manifest["staticTabs"]!.AsArray().Single(t => (string?)t!["entityId"] == WorkspaceLinks.TabEntityId)!;
        Assert.Contains("/api/workspace/", (string)tab["contentUrl"]!, StringComparison.Ordinal);

        // The page accepts a sub page only among the routes it knows (deepLinks.ts): every route a card opens is one of them.
        var known = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "src", "Aims.Workspace", "src", "deepLinks.ts"));
        foreach (var route in new[] { WorkspaceRoutes.Risk("x"), WorkspaceRoutes.System("x"), WorkspaceRoutes.Document("x"), WorkspaceRoutes.Objective("x"), WorkspaceRoutes.Audit("x"), WorkspaceRoutes.Report("x"), WorkspaceRoutes.Review, WorkspaceRoutes.Soa, WorkspaceRoutes.Assessments, WorkspaceRoutes.Documents, WorkspaceRoutes.Audits })
        {
            Assert.Contains($"'{route.Split('/')[0]}'", known, StringComparison.Ordinal);
        }
    }
}
