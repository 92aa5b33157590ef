using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aims.Application.Demo;
using Aims.Core.Register;
using Aims.Core.Risks;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Risks;

public sealed class RiskImportAndAssessmentTests : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";
    private const string Megan = "00000000-0000-0000-0000-0000000000021";
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly DevHostFactory _host;
    private readonly HttpClient _client;

    public RiskImportAndAssessmentTests(AzuriteFixture azurite)
    {
        _host = new DevHostFactory(azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(_clock));
        _client = _host.CreateClient();
    }

    public Task InitializeAsync() => _host.Services.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);

    public Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string user, HttpContent? content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Add("X-Aims-User", user);
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static StringContent CsvContent(string text) => new(text, Encoding.UTF8, "text/csv");

    private static string File(string marker) => string.Join("\r\n",
        "ai_system_id,title,category,source,likelihood,impact,treatment,treatment_plan,residual_likelihood,residual_impact,owner_object_id,next_review_date,controls",
        $"demo-credit-scoring,{marker} good one,Privacy,Data,3,3,Mitigate,Mask identifiers,1,3,{Megan},2027-05-01,A.7.3",
        $"demo-credit-scoring,{marker} bad scale,Privacy,Data,9,3,Mitigate,Plan,1,3,{Megan},2027-05-01,",
        $"no-such-system,{marker} bad system,Security,Model,2,2,Mitigate,Plan,1,1,{Megan},,",
        $"demo-support-chatbot,{marker} bad enum,Weather,Use,2,2,Mitigate,Plan,1,1,{Megan},,",
        $"demo-support-chatbot,{marker} good two,Security,Use,2,4,Accept,,2,3,{Alex},2027-02-01,A.10.3");

    private async Task<int> CountAsync(string marker)
    {
        var n = 0;
        await foreach (var r in _host.Services.GetRequiredService<IRiskRegister>().ListAllAsync())
        {
            if (r.Title.StartsWith(marker, StringComparison.Ordinal)) n++;
        }

        return n;
    }

    [Fact]
    public async Task A_dry_run_reports_every_bad_row_with_its_line_and_reason()
    {
        var marker = "dry" + Guid.NewGuid().ToString("N")[..6];

        var (status, body) = await PostAsync("/api/risks/import?mode=dry-run", Alex, CsvContent(File(marker)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, body.GetProperty("rows").GetInt32());
        Assert.Equal(2, body.GetProperty("validRows").GetInt32());
        var errors = body.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Contains((3, "likelihood"), errors);
        Assert.Contains((4, "ai_system_id"), errors);
        Assert.Contains((5, "category"), errors);
        Assert.Equal(0, await CountAsync(marker));
    }

    [Fact]
    public async Task Apply_imports_all_good_rows_or_none()
    {
        var marker = "apply" + Guid.NewGuid().ToString("N")[..6];

        var (allOrNothing, _) = await PostAsync("/api/risks/import?mode=apply", Alex, CsvContent(File(marker)));
        Assert.Equal((HttpStatusCode)422, allOrNothing);
        Assert.Equal(0, await CountAsync(marker));

        var (partial, body) = await PostAsync("/api/risks/import?mode=apply&partial=true", Alex, CsvContent(File(marker)));
        Assert.Equal(HttpStatusCode.OK, partial);
        Assert.Equal(2, body.GetProperty("created").GetArrayLength());
        Assert.Equal(2, await CountAsync(marker));
    }

    [Fact]
    public async Task The_export_imports_back_unchanged_and_neutralises_formulas()
    {
        var marker = "=rt" + Guid.NewGuid().ToString("N")[..6];
        var csv = string.Join("\r\n",
            "ai_system_id,title,category,source,likelihood,impact,treatment,treatment_plan,residual_likelihood,residual_impact,owner_object_id,next_review_date,controls",
            $"demo-credit-scoring,{marker},Privacy,Data,3,3,Mitigate,Plan,1,3,{Megan},2027-05-01,A.7.3");
        var (status, _) = await PostAsync("/api/risks/import?mode=apply", Alex, CsvContent(csv));
        Assert.Equal(HttpStatusCode.OK, status);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/risks/export", UriKind.Relative));
        request.Headers.Add("X-Aims-User", Alex);
        using var export = await _client.SendAsync(request);
        var exported = await export.Content.ReadAsStringAsync();
        var line = exported.Split('\n').Single(l => l.Contains(marker[1..], StringComparison.Ordinal));
        Assert.Contains("'" + marker, line, StringComparison.Ordinal);

        var header = exported.Split('\n')[0].TrimEnd('\r');
        var (dry, body) = await PostAsync("/api/risks/import?mode=dry-run", Alex, CsvContent(header + "\r\n" + line));
        Assert.Equal(HttpStatusCode.OK, dry);
        Assert.Equal(1, body.GetProperty("validRows").GetInt32());
    }

    [Fact]
    public async Task An_approved_impact_assessment_updates_the_ai_system_and_the_submitter_cannot_approve_it()
    {
        var (created, assessment) = await PostAsync("/api/impact-assessments", Megan, JsonContent.Create(new
        {
            aiSystemId = "demo-cv-screening",
            title = "CV screening: impacts on applicants",
            systemDescription = "Ranks or scores cases for the people who decide", intendedUses = "Decision support only", foreseeableMisuse = "Deciding on the score alone",
            dataAndQuality = "Historic cases, checked for completeness and balance", modelInformation = "Supervised model, retrained yearly", deploymentEnvironment = "Internal web app used by trained staff",
            benefits = "Faster, more consistent decisions", sensitiveUses = "Any use on minors needs extra review", reviewTriggers = "Model, data or intended use change", reviewDate = "2027-06-30",
            impacts = new object[]
            {
                new { scope = "Individuals", description = "Qualified applicants wrongly ranked low", severity = "Major", affectedParties = new[] { "Job applicants" }, likelihood = 3, reversibility = "PartlyReversible", scale = "Many", measures = "Human review of every adverse outcome", },
                new { scope = "Society", description = "Entrenched inequality in hiring", severity = "Moderate", affectedParties = new[] { "Under-represented groups" }, likelihood = 3, reversibility = "PartlyReversible", scale = "Many", measures = "Human review of every adverse outcome", },
            },
            linkedRiskIds = new[] { "R-9" },
        }));
        Assert.Equal(HttpStatusCode.Created, created);
        var id = assessment.GetProperty("id").GetString()!;

        var (submitted, _) = await PostAsync($"/api/impact-assessments/{id}/submit", Megan, null);
        var (bySubmitter, refusal) = await PostAsync($"/api/impact-assessments/{id}/decisions", Megan, JsonContent.Create(new { approve = true }));
        var (byManager, approved) = await PostAsync($"/api/impact-assessments/{id}/decisions", Alex, JsonContent.Create(new { approve = true }));

        Assert.Equal(HttpStatusCode.OK, submitted);
        Assert.Equal(HttpStatusCode.Forbidden, bySubmitter);   // reviewers are AIMS managers or top management, never the author
        Assert.Contains("TopManagement", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, byManager);
        Assert.Equal("Approved", approved.GetProperty("state").GetString());
        var system = (await _host.Services.GetRequiredService<IAiSystemRegistry>().GetAsync("demo-cv-screening"))!.System;
        Assert.Equal(ImpactAssessmentStatus.Completed, system.Details.ImpactAssessmentStatus);
        Assert.Equal(new DateOnly(2026, 11, 28), system.Details.ImpactAssessmentDate);   // the fake clock's day
    }

    [Fact]
    public async Task An_impact_assessment_without_impacts_is_refused_field_by_field()
    {
        var (status, body) = await PostAsync("/api/impact-assessments", Megan, JsonContent.Create(new { aiSystemId = "demo-cv-screening", title = "", impacts = new[] { new { scope = "Individuals", description = "", severity = "Minor", affectedParties = Array.Empty<string>() } } }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("impacts[0].description", out _));
        Assert.True(errors.TryGetProperty("impacts[0].affectedParties", out _));
    }
}
