using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aims.Workspace.Tests;

/// <summary>
/// Each workspace page in Chromium as the demo person it is for: it loads, its main action is done through the page, and the
/// API is asked afterwards whether it happened. axe must find no serious or critical violation on any page.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceBrowserTests(WorkspaceStack stack)
{
    private static void NoSeriousViolations(JsonElement result, string property = "axe") =>
        Assert.Empty(result.GetProperty(property).EnumerateArray().Select(v => v.GetString()));

    private static void NoPageErrors(JsonElement result) => Assert.Empty(result.GetProperty("pageErrors").EnumerateArray());

    [Fact]
    public async Task The_home_page_shows_the_managers_tasks_heatmap_and_coverage_and_a_group_click_lists_exactly_the_APIs_gaps_of_that_group()
    {
        var result = await stack.RunBrowserAsync("home", DemoPeople.AlexWilber);

        using var api = stack.Api(DemoPeople.AlexWilber);
        var gaps = await api.GetFromJsonAsync<JsonElement>(new Uri("api/gaps", UriKind.Relative));
        var a6 = gaps.GetProperty("gaps").EnumerateArray().Count(g => g.GetProperty("group").GetString() == "A.6" && g.GetProperty("isGap").GetBoolean());
        Assert.True(a6 > 0, "the demo organisation has gaps in A.6");
        Assert.Equal(a6, result.GetProperty("gapRows").GetInt32());
        Assert.Equal($"A.6 AI system life cycle: {a6} gaps", result.GetProperty("gapStatus").GetString());
        Assert.Equal(50, result.GetProperty("heatmapCells").GetInt32()); // 5 x 5, inherent and residual
        var heatmap = await api.GetFromJsonAsync<JsonElement>(new Uri("api/risks/heatmap", UriKind.Relative));
        var expectedCells = new List<string>();
        for (var l = 5; l >= 1; l--)
        {
            for (var i = 1; i <= 5; i++)
            {
                expectedCells.Add($"likelihood {l}, impact {i}: {heatmap.GetProperty("inherent")[l - 1][i - 1].GetInt32()} risks, {heatmap.GetProperty("levels")[l - 1][i - 1].GetString()}");
            }
        }

        Assert.Equal(expectedCells, result.GetProperty("inherentCells").EnumerateArray().Select(c => c.GetString()));

        var submitted = await api.GetFromJsonAsync<JsonElement>(new Uri("api/risks?state=Submitted", UriKind.Relative));
        var first = submitted.GetProperty("items")[0].GetProperty("risk");
        Assert.Contains($"{first.GetProperty("id").GetString()}: {first.GetProperty("title").GetString()}", result.GetProperty("tasks").GetString(), StringComparison.Ordinal);
        Assert.Equal(["Home", "AI systems", "Risks", "Statement of Applicability", "Impact assessments", "Context", "Objectives", "Documents", "Audits", "Reports", "Management review", "Evidence"], result.GetProperty("nav").EnumerateArray().Select(n => n.GetString()));
        Assert.Contains("X-Aims-User", result.GetProperty("devBanner").GetString(), StringComparison.Ordinal);
        NoSeriousViolations(result);
        NoPageErrors(result);
    }

    [Fact]
    public async Task A_systems_page_shows_its_next_gates_criteria_as_the_API_evaluates_them_and_the_owner_requests_the_gate_from_it()
    {
        var reason = "Contract summaries checked on 40 samples " + Guid.NewGuid().ToString("N")[..6];

        var result = await stack.RunBrowserAsync("lifecycle", DemoPeople.AlexWilber, reason);

        using var api = stack.Api(DemoPeople.AlexWilber);
        var gate = await api.GetFromJsonAsync<JsonElement>(new Uri("api/systems/demo-credit-scoring/gate", UriKind.Relative));
        var expected = gate.GetProperty("nextGateCriteria").EnumerateArray()
            .Select(c => $"{(c.GetProperty("met").GetBoolean() ? "Met" : "Not met")} {c.GetProperty("label").GetString()} ({c.GetProperty("control").GetString()}): {c.GetProperty("detail").GetString()}").ToList();
        Assert.Equal(expected, result.GetProperty("criteria").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains(expected, c => c.StartsWith("Not met", StringComparison.Ordinal));
        Assert.True(result.GetProperty("stageDisabled").GetBoolean());
        Assert.Contains("Loan applications 2019-2025", result.GetProperty("datasets").GetString(), StringComparison.Ordinal);

        var requests = await api.GetFromJsonAsync<JsonElement>(new Uri("api/gate-requests?systemId=demo-document-summariser", UriKind.Relative));
        var sent = requests.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("reason").GetString() == reason);
        Assert.Equal("Pending", sent.GetProperty("state").GetString());
        Assert.Equal("VerificationAndValidation", sent.GetProperty("to").GetString());
        Assert.Contains(sent.GetProperty("id").GetString()!, result.GetProperty("sent").GetString(), StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", result.GetProperty("sent").GetString(), StringComparison.Ordinal);
        NoSeriousViolations(result);
        NoSeriousViolations(result, "requestAxe");
        NoPageErrors(result);
    }

    [Fact]
    public async Task The_context_page_shows_the_register_names_a_refused_field_and_adds_an_issue_the_API_then_holds()
    {
        var title = "National AI act " + Guid.NewGuid().ToString("N")[..6];

        var result = await stack.RunBrowserAsync("context", DemoPeople.AlexWilber, title);

        Assert.Equal("Internal or External.", result.GetProperty("originError").GetString());
        Assert.Equal(result.GetProperty("issuesBefore").GetInt32() + 1, result.GetProperty("issuesAfter").GetInt32());
        using var api = stack.Api(DemoPeople.AlexWilber);
        var context = await api.GetFromJsonAsync<JsonElement>(new Uri("api/context", UriKind.Relative));
        var issue = context.GetProperty("issues").EnumerateArray().Single(i => i.GetProperty("title").GetString() == title);
        Assert.Equal("External", issue.GetProperty("origin").GetString());
        Assert.Equal("Regulatory", issue.GetProperty("category").GetString());
        Assert.Contains(issue.GetProperty("id").GetString()!, result.GetProperty("saved").GetString(), StringComparison.Ordinal);
        NoSeriousViolations(result);
        NoPageErrors(result);
    }

    [Fact]
    public async Task An_impact_assessment_is_drafted_refused_at_each_field_ISO_42005_still_asks_for_then_completed_and_submitted()
    {
        var title = "CV screening impacts " + Guid.NewGuid().ToString("N")[..6];

        var result = await stack.RunBrowserAsync("assessment", DemoPeople.MeganBowen, title);

        Assert.Equal("State the reasonably foreseeable misuse.", result.GetProperty("missing").GetString());
        Assert.Equal("Say what addresses this harm.", result.GetProperty("harmMissing").GetString());
        using var api = stack.Api(DemoPeople.AlexWilber);
        var list = await api.GetFromJsonAsync<JsonElement>(new Uri("api/impact-assessments?aiSystemId=demo-cv-screening", UriKind.Relative));
        var stored = list.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("title").GetString() == title);
        Assert.Equal("Submitted", stored.GetProperty("state").GetString());
        Assert.Equal("Rejecting applicants on the ranking alone", stored.GetProperty("foreseeableMisuse").GetString());
        Assert.Equal("PartlyReversible", stored.GetProperty("impacts")[0].GetProperty("reversibility").GetString());
        Assert.Contains(stored.GetProperty("id").GetString()!, result.GetProperty("submitted").GetString(), StringComparison.Ordinal);
        NoSeriousViolations(result);
        NoSeriousViolations(result, "draftAxe");
        NoPageErrors(result);
    }

    [Fact]
    public async Task The_AIMS_manager_adds_an_AI_system_after_the_API_refused_the_empty_form_and_a_CSV_dry_run_lists_every_error_of_the_row()
    {
        var name = "Ticket router " + Guid.NewGuid().ToString("N")[..8];

        var result = await stack.RunBrowserAsync("system", DemoPeople.AlexWilber, name);

        Assert.Equal("Required.", result.GetProperty("purposeError").GetString());
        var id = new Uri(result.GetProperty("url").GetString()!).AbsolutePath.Split('/')[^1];
        using var api = stack.Api(DemoPeople.AlexWilber);
        var stored = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/systems/{id}", UriKind.Relative));
        Assert.Equal(name, stored.GetProperty("name").GetString());
        Assert.Equal("Minimal", stored.GetProperty("riskClass").GetString());

        // The page shows one row per error the API's dry run reports for the same CSV.
        using var csv = new StringContent("id,name,purpose\nbad-one,,x\n", System.Text.Encoding.UTF8, "text/csv");
        var dryRun = await (await api.PostAsync(new Uri("api/systems/import?mode=dry-run", UriKind.Relative), csv)).Content.ReadFromJsonAsync<JsonElement>();
        var expected = dryRun.GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("line").GetInt32()}{e.GetProperty("field").GetString()}{e.GetProperty("message").GetString()}").ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, result.GetProperty("importErrors").EnumerateArray().Select(e => e.GetString()));
        var list = await api.GetFromJsonAsync<JsonElement>(new Uri("api/systems?pageSize=200", UriKind.Relative));
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == "bad-one");
        NoSeriousViolations(result);
        NoSeriousViolations(result, "importAxe");
    }

    [Fact]
    public async Task A_risk_written_in_the_workspace_is_refused_field_by_field_then_created_submitted_and_listed_with_its_history()
    {
        var title = "Prompt leak " + Guid.NewGuid().ToString("N")[..8];

        var result = await stack.RunBrowserAsync("risk", DemoPeople.AlexWilber, title);

        Assert.Equal("A title is required.", result.GetProperty("titleError").GetString());
        var id = result.GetProperty("id").GetString();
        using var api = stack.Api(DemoPeople.AlexWilber);
        var stored = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/risks/{id}", UriKind.Relative));
        var risk = stored.GetProperty("risk");
        Assert.Equal(title, risk.GetProperty("title").GetString());
        Assert.Equal("Submitted", risk.GetProperty("state").GetString());
        Assert.Equal((4, 3, "Mitigate"), (risk.GetProperty("likelihood").GetInt32(), risk.GetProperty("impact").GetInt32(), risk.GetProperty("treatment").GetString()));
        Assert.Contains("Draft → Submitted", result.GetProperty("history").GetString(), StringComparison.Ordinal);
        NoSeriousViolations(result);
        NoSeriousViolations(result, "listAxe");
    }

    [Fact]
    public async Task The_SoA_editor_saves_an_entry_shows_the_change_against_the_last_approved_version_and_top_management_approves_a_new_version()
    {
        using var api = stack.Api(DemoPeople.AlexWilber);
        await ApprovedBaselineAsync();
        var before = (await api.GetFromJsonAsync<JsonElement>(new Uri("api/soa/versions", UriKind.Relative))).GetProperty("versions").GetArrayLength();

        var result = await stack.RunBrowserAsync("soa", DemoPeople.AlexWilber, "A.7.2");
        // The AIMS manager edits; approval is not his to give.
        Assert.Equal(0, result.GetProperty("approveOffered").GetInt32());
        var approval = await stack.RunBrowserAsync("soaApprove", DemoPeople.AdeleVance);

        var soa = await api.GetFromJsonAsync<JsonElement>(new Uri("api/soa", UriKind.Relative));
        var entry = soa.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("controlId").GetString() == "A.7.2");
        Assert.Equal("Set in the workspace test.", entry.GetProperty("justification").GetString());
        Assert.Equal("Partially", entry.GetProperty("status").GetString());
        Assert.Equal(38, result.GetProperty("controls").GetInt32());
        Assert.Contains("A.7.2", result.GetProperty("compare").GetString(), StringComparison.Ordinal);
        var versions = (await api.GetFromJsonAsync<JsonElement>(new Uri("api/soa/versions", UriKind.Relative))).GetProperty("versions");
        Assert.True(versions.GetArrayLength() > before);
        Assert.Contains("A.7.2", approval.GetProperty("compare").GetString(), StringComparison.Ordinal);
        Assert.StartsWith($"Version {versions.EnumerateArray().Max(v => v.GetProperty("version").GetInt32())} approved by Adele Vance", approval.GetProperty("approved").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("No change since the last approved version.", approval.GetProperty("compareAfter").GetString(), StringComparison.Ordinal);
        NoSeriousViolations(result);
        NoSeriousViolations(approval);
    }

    /// <summary>An approved version to compare with (top management approves; nobody in top management edits the SoA here).</summary>
    private async Task ApprovedBaselineAsync()
    {
        using var adele = stack.Api(DemoPeople.AdeleVance);
        if ((await adele.GetFromJsonAsync<JsonElement>(new Uri("api/soa/versions", UriKind.Relative))).GetProperty("versions").GetArrayLength() == 0)
        {
            using var approved = await adele.PostAsync(new Uri("api/soa/approve", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Created, approved.StatusCode);
        }
    }

    [Fact]
    public async Task A_conflicting_SoA_save_offers_to_reload_keeps_what_was_typed_and_the_save_after_the_reload_wins()
    {
        using var api = stack.Api(DemoPeople.AlexWilber);
        await ApprovedBaselineAsync();
        var environment = new Dictionary<string, string> { ["AIMS_SOA_CONFLICT"] = "1" };

        var result = await stack.RunBrowserAsync("soa", DemoPeople.AlexWilber, "A.8.2", environment, async (line, input) =>
        {
            if (line != "READY_FOR_CONFLICT") return;
            // Someone else saves the same entry after the page read it.
            var soa = await api.GetFromJsonAsync<JsonElement>(new Uri("api/soa", UriKind.Relative));
            var entry = soa.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("controlId").GetString() == "A.8.2");
            using var put = new HttpRequestMessage(HttpMethod.Put, new Uri("api/soa/A.8.2", UriKind.Relative))
            {
                Content = JsonContent.Create(new { applicable = true, status = "Planned", justification = "Changed by someone else.", ownerObjectId = DemoPeople.AlexWilber }),
            };
            put.Headers.TryAddWithoutValidation("If-Match", entry.GetProperty("eTag").GetString());
            Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(put)).StatusCode);
            await input.WriteLineAsync("go");
            await input.FlushAsync();
            input.Close();
        });

        Assert.Equal("Set in the workspace test.", result.GetProperty("keptJustification").GetString());
        var stored = (await api.GetFromJsonAsync<JsonElement>(new Uri("api/soa", UriKind.Relative))).GetProperty("controls").EnumerateArray()
            .Single(c => c.GetProperty("controlId").GetString() == "A.8.2");
        Assert.Equal("Set in the workspace test.", stored.GetProperty("justification").GetString());
        Assert.Equal("Partially", stored.GetProperty("status").GetString());
        NoSeriousViolations(result);
    }

    [Fact]
    public async Task The_evidence_page_verifies_the_ledger_downloads_the_audit_pack_and_filters_by_subject_as_the_API_does()
    {
        var result = await stack.RunBrowserAsync("evidence", DemoPeople.AlexWilber, "document:DOC-1");

        using var api = stack.Api(DemoPeople.AlexWilber);
        var verify = await api.GetFromJsonAsync<JsonElement>(new Uri("api/evidence/verify", UriKind.Relative));
        Assert.True(verify.GetProperty("isIntact").GetBoolean());
        Assert.Equal("The ledger is intact", result.GetProperty("ledger").GetString());
        Assert.Matches(@"^aims-audit-pack-\d{8}-\d{6}\.zip$", result.GetProperty("pack").GetString());
        Assert.Equal(["document:DOC-1"], result.GetProperty("subjects").EnumerateArray().Select(s => s.GetString()));
        NoSeriousViolations(result);
    }

    [Fact]
    public async Task A_staff_member_sees_no_manager_page_and_the_API_refuses_them_the_managers_actions_anyway()
    {
        var result = await stack.RunBrowserAsync("staff", DemoPeople.LynneRobbins);

        Assert.Equal(["Home"], result.GetProperty("nav").EnumerateArray().Select(n => n.GetString()));
        foreach (var page in new[] { "systems", "risks", "soa", "evidence", "context", "assessments", "objectives", "documents", "audits", "reports", "review" })
        {
            Assert.Equal("Not available", result.GetProperty("pages").GetProperty(page).GetString());
        }

        using var lynne = stack.Api(DemoPeople.LynneRobbins);
        Assert.Equal(HttpStatusCode.Forbidden, (await lynne.GetAsync(new Uri("api/context", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lynne.GetAsync(new Uri("api/gaps", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lynne.GetAsync(new Uri("api/risks", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lynne.GetAsync(new Uri("api/audit-pack", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lynne.GetAsync(new Uri("api/objectives", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lynne.GetAsync(new Uri("api/reports", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lynne.GetAsync(new Uri("api/management-reviews/digests/latest", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lynne.GetAsync(new Uri("api/people?search=Alex", UriKind.Relative))).StatusCode);
        // The meeting panel is a page of its own: a staff member gets the same refusal there.
        Assert.StartsWith("The management review is for", result.GetProperty("meetingPanel").GetString(), StringComparison.Ordinal);
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri("api/soa/A.2.2", UriKind.Relative)) { Content = JsonContent.Create(new { applicable = true, status = "Planned" }) };
        put.Headers.TryAddWithoutValidation("If-Match", "W/\"any\"");
        Assert.Equal(HttpStatusCode.Forbidden, (await lynne.SendAsync(put)).StatusCode);
        using var create = JsonContent.Create(new { name = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, (await lynne.PostAsync(new Uri("api/systems", UriKind.Relative), create)).StatusCode);
        NoSeriousViolations(result);
    }

    [Fact]
    public async Task At_Teams_narrow_width_in_the_dark_theme_no_page_scrolls_sideways_and_axe_finds_nothing_serious()
    {
        var result = await stack.RunBrowserAsync("narrow", DemoPeople.AlexWilber, null, new Dictionary<string, string> { ["AIMS_VIEWPORT_WIDTH"] = "360" }, onLine: null);

        foreach (var page in new[] { "home", "risks", "soa" })
        {
            var shown = result.GetProperty(page);
            Assert.Equal(0, shown.GetProperty("overflow").GetInt32());
            Assert.Equal("dark", shown.GetProperty("theme").GetString());
            Assert.Equal("rgb(36, 36, 36)", shown.GetProperty("background").GetString()); // Teams dark's neutral background 2
        }

        NoSeriousViolations(result);
    }

    [Fact]
    public async Task Outside_Teams_the_DevHost_announces_the_development_sign_in_and_signs_in_the_person_picked()
    {
        var result = await stack.RunBrowserAsync("chooser", DemoPeople.LynneRobbins);

        Assert.Equal("Development sign-in", result.GetProperty("banner").GetString());
        Assert.Contains("Lynne Robbins", result.GetProperty("who").GetString(), StringComparison.Ordinal);
        NoSeriousViolations(result);
    }
}
