using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aims.Workspace.Tests;

/// <summary>
/// The register pages beyond risks and the SoA (objectives, documents, internal audits, reports and corrective actions, the
/// management review and its meeting side panel) in Chromium as the demo person each is for; the API is asked afterwards.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceRegisterPagesTests(WorkspaceStack stack)
{
    private static void NoSeriousViolations(JsonElement result, string property = "axe") =>
        Assert.Empty(result.GetProperty(property).EnumerateArray().Select(v => v.GetString()));

    private static void NoPageErrors(JsonElement result) => Assert.Empty(result.GetProperty("pageErrors").EnumerateArray());

    [Fact]
    public async Task The_owner_of_a_manual_objective_records_a_measurement_after_the_API_named_the_missing_value()
    {
        var result = await stack.RunBrowserAsync("objectives", DemoPeople.MeganBowen, "3.8");

        Assert.Equal("A number is required.", result.GetProperty("valueError").GetString());
        using var api = stack.Api(DemoPeople.AlexWilber);
        var detail = await api.GetFromJsonAsync<JsonElement>(new Uri("api/objectives/OBJ-3", UriKind.Relative));
        var measured = detail.GetProperty("measurements").EnumerateArray().Single(m => m.GetProperty("note").GetString() == "Survey of 14 credit analysts.");
        Assert.Equal(3.8, measured.GetProperty("value").GetDouble());
        Assert.Contains("3.8 points", result.GetProperty("history")[0].GetString(), StringComparison.Ordinal);
        NoSeriousViolations(result);
        NoSeriousViolations(result, "listAxe");
        NoPageErrors(result);
    }

    [Fact]
    public async Task A_new_document_version_is_refused_without_its_file_then_uploaded_submitted_and_approved_by_top_management_on_the_page()
    {
        var version = "1." + Random.Shared.Next(10, 99);

        var upload = await stack.RunBrowserAsync("documents", DemoPeople.AlexWilber, version);
        var approval = await stack.RunBrowserAsync("documentApprove", DemoPeople.AdeleVance, version);

        Assert.Equal("A file is required.", upload.GetProperty("fileError").GetString());
        using var api = stack.Api(DemoPeople.AlexWilber);
        var doc = await api.GetFromJsonAsync<JsonElement>(new Uri("api/documents/DOC-1", UriKind.Relative));
        var stored = doc.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetString() == version);
        Assert.Equal("Approved", stored.GetProperty("status").GetString());
        Assert.Equal("Adds the rules for generative AI tools.", stored.GetProperty("changeSummary").GetString());
        Assert.Equal(["Submitted", "Approved"], stored.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("outcome").GetString()));
        Assert.Equal("Adele Vance", stored.GetProperty("decisions")[1].GetProperty("actorName").GetString());
        Assert.Equal(version, doc.GetProperty("currentApproved").GetProperty("version").GetString());
        Assert.Equal($"Version {version}: approved.", approval.GetProperty("approved").GetString());
        NoSeriousViolations(upload);
        NoSeriousViolations(upload, "listAxe");
        NoSeriousViolations(approval);
        NoPageErrors(upload);
    }

    [Fact]
    public async Task The_auditor_records_a_nonconformity_that_opens_a_report_and_completes_the_audit_and_the_manager_plans_the_next_one_by_name()
    {
        var text = "Acceptances above appetite not escalated " + Guid.NewGuid().ToString("N")[..6];
        var title = "Competence audit " + Guid.NewGuid().ToString("N")[..6];

        var result = await stack.RunBrowserAsync("audit", DemoPeople.IsaiahLanger, text);
        var plan = await stack.RunBrowserAsync("auditPlan", DemoPeople.AlexWilber, title);

        using var api = stack.Api(DemoPeople.AlexWilber);
        var audits = (await api.GetFromJsonAsync<JsonElement>(new Uri("api/internal-audits", UriKind.Relative))).GetProperty("items").EnumerateArray().ToList();
        var audited = audits.Single(a => a.GetProperty("id").GetString() == "IA-demo-1");
        Assert.Equal("Completed", audited.GetProperty("status").GetString());
        var finding = audited.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("text").GetString() == text);
        Assert.Equal(("MinorNonconformity", "6.1.3"), (finding.GetProperty("type").GetString(), finding.GetProperty("reference").GetString()));
        var report = finding.GetProperty("nonconformityId").GetString()!;
        Assert.Contains(report, result.GetProperty("findings")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("Check the fields marked below", result.GetProperty("typeError").GetString());

        var planned = audits.Single(a => a.GetProperty("title").GetString() == title);
        Assert.Equal(DemoPeople.IsaiahLanger, planned.GetProperty("auditorObjectId").GetString());
        Assert.Equal(["7.2", "A.4.6"], planned.GetProperty("scope").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal($"{planned.GetProperty("id").GetString()}: {title}", plan.GetProperty("heading").GetString());
        NoSeriousViolations(result);
        NoSeriousViolations(plan);
        NoPageErrors(result);
    }

    [Fact]
    public async Task A_nonconformity_gets_its_correction_corrective_action_and_similar_check_on_the_page_each_refusal_only_at_its_own_form()
    {
        var report = await NewNonconformityAsync();

        var result = await stack.RunBrowserAsync("report", DemoPeople.AlexWilber, report);

        Assert.Equal("Say what was done to control and correct the nonconformity.", result.GetProperty("correctionError").GetString());
        Assert.Equal(0, result.GetProperty("actionErrors").GetInt32());
        using var api = stack.Api(DemoPeople.AlexWilber);
        var stored = (await api.GetFromJsonAsync<JsonElement>(new Uri("api/reports", UriKind.Relative))).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("id").GetString() == report);
        Assert.Equal("Paused automatic acceptance of Critical residual risks.", stored.GetProperty("correction").GetProperty("description").GetString());
        var action = stored.GetProperty("correctiveActionRecord");
        Assert.Equal(DemoPeople.MeganBowen, action.GetProperty("ownerObjectId").GetString());
        Assert.Equal("2027-02-15", action.GetProperty("dueDate").GetString());
        Assert.Equal("No other report has the same cause.", stored.GetProperty("similarCheck").GetProperty("conclusion").GetString());
        Assert.Contains("Megan Bowen, due 2027-02-15", result.GetProperty("action").GetString(), StringComparison.Ordinal);
        NoSeriousViolations(result);
        NoSeriousViolations(result, "listAxe");
        NoPageErrors(result);
    }

    /// <summary>A nonconformity of its own for one test: an audit with one minor finding, through the API.</summary>
    private async Task<string> NewNonconformityAsync()
    {
        using var alex = stack.Api(DemoPeople.AlexWilber);
        using var planned = await alex.PostAsJsonAsync(new Uri("api/internal-audits", UriKind.Relative), new
        {
            title = "Risk treatment " + Guid.NewGuid().ToString("N")[..6], scope = new[] { "6.1.3" }, plannedDate = "2027-01-15",
            auditorObjectId = DemoPeople.IsaiahLanger, auditeeObjectId = DemoPeople.AlexWilber,
        });
        Assert.True(planned.IsSuccessStatusCode, await planned.Content.ReadAsStringAsync());
        var audit = (await planned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var isaiah = stack.Api(DemoPeople.IsaiahLanger);
        using var finding = await isaiah.PostAsJsonAsync(new Uri($"api/internal-audits/{audit}/findings", UriKind.Relative),
            new { type = "MinorNonconformity", reference = "6.1.3", text = "A Critical residual risk was accepted by its owner alone." });
        Assert.True(finding.IsSuccessStatusCode, await finding.Content.ReadAsStringAsync());
        return (await finding.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nonconformityId").GetString()!;
    }

    [Fact]
    public async Task In_the_meeting_side_panel_top_management_records_the_review_with_attendees_judgements_a_conclusion_and_a_decision()
    {
        using var alex = stack.Api(DemoPeople.AlexWilber);
        using var sent = await alex.PostAsync(new Uri("api/management-reviews", UriKind.Relative), null);
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        using var adele = stack.Api(DemoPeople.AdeleVance);
        var digest = (await adele.GetFromJsonAsync<JsonElement>(new Uri("api/management-reviews/digests/latest", UriKind.Relative))).GetProperty("digestId").GetString();
        var conclusion = "Suitable and adequate; effectiveness partly shown " + Guid.NewGuid().ToString("N")[..6];
        var environment = new Dictionary<string, string> { ["AIMS_MEETING"] = "1", ["AIMS_VIEWPORT_WIDTH"] = "320" };

        var result = await stack.RunBrowserAsync("review", DemoPeople.AdeleVance, conclusion, environment, onLine: null);

        Assert.Equal("Conclusion: write the review's conclusion on the AIMS.", result.GetProperty("conclusionError").GetString());
        var record = await adele.GetFromJsonAsync<JsonElement>(new Uri($"api/management-reviews/{digest}", UriKind.Relative));
        Assert.Equal(conclusion, record.GetProperty("conclusion").GetString());
        Assert.Equal(["Yes", "Yes", "Partly"], new[] { "suitable", "adequate", "effective" }.Select(k => record.GetProperty(k).GetString()));
        Assert.Equal([DemoPeople.AlexWilber, DemoPeople.AdeleVance], record.GetProperty("attendees").EnumerateArray().Select(a => a.GetProperty("objectId").GetString()).Order());
        var decision = record.GetProperty("decisions").EnumerateArray().Single();
        Assert.Equal(("ChangeToAims", DemoPeople.AlexWilber, "2027-03-31"), (decision.GetProperty("topic").GetString(), decision.GetProperty("actionOwner").GetString(), decision.GetProperty("actionDue").GetString()));
        Assert.False(string.IsNullOrEmpty(decision.GetProperty("actionId").GetString()));
        var current = await adele.GetFromJsonAsync<JsonElement>(new Uri("api/management-reviews/digests/latest", UriKind.Relative));
        Assert.Equal(conclusion, current.GetProperty("record").GetProperty("conclusion").GetString());
        Assert.Contains(conclusion, result.GetProperty("record").GetString(), StringComparison.Ordinal);
        // The panel shows the digest's 9.3.2 inputs without the workspace's navigation, and fits Teams' 320 px side panel.
        Assert.True(result.GetProperty("inputs").GetInt32() >= 3);
        Assert.Equal(0, result.GetProperty("nav").GetInt32());
        Assert.Equal(0, result.GetProperty("overflow").GetInt32());
        NoSeriousViolations(result);
        NoSeriousViolations(result, "formAxe");
        NoPageErrors(result);
    }

    [Fact]
    public async Task The_people_search_finds_by_name_and_names_ids_and_refuses_an_empty_query_by_its_field()
    {
        using var api = stack.Api(DemoPeople.AlexWilber);

        var found = await api.GetFromJsonAsync<JsonElement>(new Uri("api/people?search=Isai", UriKind.Relative));
        var named = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/people?ids={DemoPeople.AdeleVance},not-a-person", UriKind.Relative));
        using var empty = await api.GetAsync(new Uri("api/people?search=%20", UriKind.Relative));

        Assert.Equal([DemoPeople.IsaiahLanger], found.EnumerateArray().Select(p => p.GetProperty("objectId").GetString()));
        Assert.Equal(["Adele Vance"], named.EnumerateArray().Select(p => p.GetProperty("displayName").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("search", out _));
    }
}
