using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aims.Application.Documents;
using Aims.Application.Reviews;
using Aims.Application.Tests.Reviews;
using Aims.Application.Tests.Work;
using Aims.Application.Training;
using Aims.Core.Documents;
using Aims.Core.Evidence;
using Aims.Core.Training;

namespace Aims.Application.Tests.Governance;

/// <summary>Document control (5.2, 7.5; A.2.2-A.2.4) through the real DevHost on an Azurite of its own.</summary>
public sealed class DocumentControlTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private const string Alex = ReviewHost.Alex;     // AIMS manager
    private const string Adele = ReviewHost.Adele;   // top management
    private const string Megan = ReviewHost.Megan;   // risk owner, not an approver
    private const string Lynne = ReviewHost.Lynne;   // staff
    private readonly ReviewHost _host;

    public DocumentControlTests(DedicatedAzurite azurite)
    {
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    }

    public void Dispose() => _host.Dispose();

    private DocumentService Service => _host.Get<DocumentService>();

    private async Task<string> RegisterAsync(string title, string type, string owner, int months = 12, string[]? controls = null)
    {
        var (status, json) = await _host.SendAsync(HttpMethod.Post, "/api/documents", Alex, new { title, type, ownerObjectId = owner, reviewIntervalMonths = months, controls });
        Assert.True(status == HttpStatusCode.Created, json.ToString());
        return json.GetProperty("id").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(string id, string user, string? version, byte[]? file, string fileName = "policy.pdf")
    {
        using var form = new MultipartFormDataContent();
        if (version is not null) form.Add(new StringContent(version), "version");
        form.Add(new StringContent("Aligned with the EU AI Act"), "changeSummary");
        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(content, "file", fileName);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/documents/{id}/versions") { Content = form };
        request.Headers.Add("X-Aims-User", user);
        using var response = await _host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<ControlledDocument> DocumentAsync(string id) => (await Service.Store.GetAsync(id))!.Value;

    private static Dictionary<string, string?> Data(string id, string? version = null) => new() { ["documentId"] = id, ["version"] = version };

    [Fact]
    public async Task Registering_and_uploading_versions_is_validated_and_the_file_is_evidence_with_its_hash()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Post, "/api/documents", Megan, new { title = "x", type = "Procedure", ownerObjectId = Megan, reviewIntervalMonths = 12 })).Status);
        var (bad, problems) = await _host.SendAsync(HttpMethod.Post, "/api/documents", Alex, new { title = "", type = "Procedure", reviewIntervalMonths = 99, controls = new[] { "A.99" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["controls", "ownerObjectId", "reviewIntervalMonths", "title"], problems.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var id = await RegisterAsync("Data management procedure", "Procedure", Megan, controls: ["A.7.2", "A.7.4"]);
        var file = Encoding.UTF8.GetBytes("%PDF-1.7 data quality rules " + new string('x', 5000));
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(id, Lynne, "1.0", file)).Status);
        Assert.True((await UploadAsync(id, Megan, "1.0", null)).Body.GetProperty("errors").TryGetProperty("file", out _));
        Assert.True((await UploadAsync(id, Megan, "1 0/../x", file)).Body.GetProperty("errors").TryGetProperty("version", out _));
        Assert.True((await UploadAsync(id, Megan, "1.0", [])).Body.GetProperty("errors").TryGetProperty("file", out _));
        Assert.Empty((await DocumentAsync(id)).Versions);

        var (created, doc) = await UploadAsync(id, Megan, "1.0", file, "../../etc/Data Procedure.pdf");
        Assert.Equal(HttpStatusCode.Created, created);
        var version = doc.GetProperty("versions")[0];
        Assert.Equal("Draft", version.GetProperty("status").GetString());
        Assert.Equal("Data Procedure.pdf", version.GetProperty("fileName").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), version.GetProperty("sha256").GetString());
        var (again, duplicate) = await UploadAsync(id, Megan, "1.0", file);
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Contains("never replaced", duplicate.GetProperty("errors").GetProperty("version")[0].GetString(), StringComparison.Ordinal);

        var evidence = await _host.Get<IEvidenceStore>().GetAsync(version.GetProperty("evidenceId").GetString()!);
        Assert.Equal(EvidenceKind.UploadedDocument, evidence!.Kind);
        Assert.Equal(["7.5.1", "7.5.2", "7.5.3"], evidence.Clauses);
        Assert.Equal(["A.7.2", "A.7.4"], evidence.Controls);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{id}/versions/1.0/file");
        request.Headers.Add("X-Aims-User", ReviewHost.Isaiah);
        using var download = await _host.Client.SendAsync(request);
        Assert.Equal(file, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_ai_policy_is_approved_by_top_management_in_teams_with_separation_of_duties_and_a_double_press_records_once()
    {
        var id = await RegisterAsync("AI policy", "AiPolicy", Alex);
        await UploadAsync(id, Alex, "1.0", Encoding.UTF8.GetBytes("AI policy v1"));
        Assert.Equal(HttpStatusCode.Conflict, (await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/versions/1.0/submit", Megan)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/versions/1.0/submit", Alex)).Status);
        Assert.Equal(1, await QueueDrain.AnnouncementsAsync(_host.Services, id)); // the submission is announced from the queue
        Assert.Single(_host.Connector.CardsTo(Adele), c => c.Contains("Approval needed: AI policy", StringComparison.Ordinal) && c.Contains(DocumentApprovalCard.VerbApprove, StringComparison.Ordinal));

        // An AIMS manager cannot approve the AI policy, and nobody approves what they wrote or submitted.
        var byAlex = await _host.PressAsync(Alex, DocumentApprovalCard.VerbApprove, Data(id, "1.0"));
        Assert.Contains("Not allowed", byAlex, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/decisions", Megan, new { outcome = "Approved" })).Status);
        Assert.Equal(DocumentStatus.InApproval, (await DocumentAsync(id)).Status);
        var noComment = await _host.PressAsync(Adele, DocumentApprovalCard.VerbChanges, Data(id, "1.0"));
        Assert.Contains("A comment is required", noComment, StringComparison.Ordinal);

        var approved = await _host.PressAsync(Adele, DocumentApprovalCard.VerbApprove, Data(id, "1.0"), activityId: "press-approve");
        await _host.PressAsync(Adele, DocumentApprovalCard.VerbApprove, Data(id, "1.0"), activityId: "press-approve");
        Assert.Contains("Version 1.0 approved", approved, StringComparison.Ordinal);
        var doc = await DocumentAsync(id);
        Assert.Equal(DocumentStatus.Approved, doc.Status);
        Assert.Equal(new DateOnly(2027, 11, 28), doc.ReviewDate);
        var decisions = (await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = DocumentService.Subject(id), Kind = DocumentService.DecisionKind })).Items;
        Assert.Equal(2, decisions.Count); // submitted, approved (once, despite two presses)
        var approval = decisions.Single(d => d.Actor.ObjectId == Adele);
        Assert.Equal(["5.1", "5.2", "7.5.1", "7.5.2", "7.5.3"], approval.Clauses);
        Assert.Contains("A.2.2", approval.Controls);
        Assert.Contains("A.2.4", approval.Controls);
        Assert.Equal(1, await QueueDrain.AnnouncementsAsync(_host.Services, id)); // one announcement, despite two presses
        Assert.Contains(_host.Connector.CardsTo(Alex), c => c.Contains($"Your document {id} version 1.0 is now Approved", StringComparison.Ordinal));

        // The author of a version may not approve it even with the right role.
        await _host.SendAsync(HttpMethod.Put, $"/api/documents/{id}", Alex, new { title = "AI policy", type = "AiPolicy", ownerObjectId = Adele, reviewIntervalMonths = 12 });
        await UploadAsync(id, Adele, "2.0", Encoding.UTF8.GetBytes("AI policy v2"));
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/versions/2.0/submit", Alex)).Status);
        var own = await _host.PressAsync(Adele, DocumentApprovalCard.VerbApprove, Data(id, "2.0"));
        Assert.Contains("You wrote this version", own, StringComparison.Ordinal);
        var rejected = await _host.PressAsync(Alex, DocumentApprovalCard.VerbReject, new Dictionary<string, string?>(Data(id, "2.0")) { [DocumentApprovalCard.RejectComment] = "x" });
        Assert.Contains("Not allowed", rejected, StringComparison.Ordinal);
        Assert.Equal(DocumentStatus.InApproval, (await DocumentAsync(id)).Status);
    }

    [Fact]
    public async Task An_approved_new_version_of_attested_material_asks_the_campaign_audience_to_attest_again()
    {
        var id = await RegisterAsync("Responsible AI use procedure", "Procedure", Megan, controls: ["A.9.2"]);
        await UploadAsync(id, Megan, "1.0", Encoding.UTF8.GetBytes("Use AI responsibly, v1"));
        await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/versions/1.0/submit", Megan);
        await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/decisions", Alex, new { outcome = "Approved" });
        var v1 = (await DocumentAsync(id)).CurrentApproved!;

        var campaign = new Dictionary<string, object?>
        {
            ["title"] = "Responsible AI use", ["description"] = "Read the procedure.", ["courseUrl"] = "https://learn.example/rai", ["materialName"] = "Responsible AI use procedure",
            ["materialVersion"] = v1.Version, ["materialSha256"] = v1.Sha256, ["statement"] = "I read and follow the procedure.", ["audienceGroupIds"] = new[] { "g-customer-ops" },
            ["dueDate"] = "2026-12-31", ["reminderDaysBeforeDue"] = new[] { 3 }, ["escalationDaysAfterDue"] = 2, ["documentId"] = id,
        };
        var (created, json) = await _host.SendAsync(HttpMethod.Post, "/api/campaigns", Alex, campaign);
        Assert.True(created == HttpStatusCode.Created, json.ToString());
        var campaignId = json.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, (await _host.SendAsync(HttpMethod.Post, $"/api/campaigns/{campaignId}/launch", Alex)).Status);
        var training = _host.Get<TrainingService>();
        for (TrainingLaunchWork? page = new(campaignId, 0); page is not null;)
        {
            page = await training.LaunchPageAsync(page, CancellationToken.None);
        }

        var assignments = _host.Get<ITrainingAssignmentStore>();
        var audience = await assignments.ListAsync(campaignId).ToListAsync();
        Assert.Equal(3, audience.Count); // Patti, Lynne, Lee

        // Version 2.0 approved: the campaign republishes with it, everyone must attest again, the old version stays as history.
        await UploadAsync(id, Megan, "2.0", Encoding.UTF8.GetBytes("Use AI responsibly, v2"));
        await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/versions/2.0/submit", Megan);
        var (decided, result) = await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/decisions", Alex, new { outcome = "Approved" });
        Assert.Equal(HttpStatusCode.OK, decided);
        Assert.Equal([campaignId], result.GetProperty("republishedCampaigns").EnumerateArray().Select(c => c.GetString()));
        var v2 = (await DocumentAsync(id)).CurrentApproved!;
        var republished = (await _host.Get<ITrainingCampaignStore>().GetAsync(campaignId))!.Campaign;
        Assert.Equal("2.0", republished.Material.Version);
        Assert.Equal(v2.Sha256, republished.Material.Sha256);
        Assert.Equal(id, republished.Material.DocumentId);
        Assert.Equal("1.0", Assert.Single(republished.MaterialHistory).Version);
        Assert.All(await assignments.ListAsync(campaignId).ToListAsync(), a => Assert.Equal(("2.0", AssignmentStatus.Pending), (a.MaterialVersion, a.Status)));
        Assert.Equal(DocumentStatus.Retired, (await DocumentAsync(id)).Find("1.0")!.Status);

        // A rejected version changes nothing for the campaign.
        await UploadAsync(id, Megan, "3.0", Encoding.UTF8.GetBytes("Use AI responsibly, v3"));
        await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/versions/3.0/submit", Megan);
        await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/decisions", Alex, new { outcome = "Rejected", comment = "Not yet" });
        Assert.Equal("2.0", (await _host.Get<ITrainingCampaignStore>().GetAsync(campaignId))!.Campaign.Material.Version);
    }

    [Fact]
    public async Task Documents_past_their_review_date_show_in_gaps_and_the_digest_and_their_owner_reviews_them_from_a_card()
    {
        var id = await RegisterAsync("Impact assessment method", "ImpactAssessmentMethod", Megan, months: 6);
        await UploadAsync(id, Megan, "1.0", Encoding.UTF8.GetBytes("Method"));
        await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/versions/1.0/submit", Megan);
        await _host.SendAsync(HttpMethod.Post, $"/api/documents/{id}/decisions", Alex, new { outcome = "Approved" });
        var job = _host.Get<IEnumerable<Aims.Application.Work.IScheduledJob>>().OfType<DocumentReviewJob>().Single();
        await job.RunAsync(CancellationToken.None);
        Assert.DoesNotContain(_host.Connector.CardsTo(Megan), c => c.Contains("Review due: Impact assessment method", StringComparison.Ordinal));
        Assert.DoesNotContain((await _host.SendAsync(HttpMethod.Get, "/api/gaps", Alex)).Body.GetProperty("documentsPastReview").EnumerateArray(), l => l.GetString()!.StartsWith(id + " ", StringComparison.Ordinal));

        _host.Clock.Advance(TimeSpan.FromDays(200));
        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);
        Assert.Single(_host.Connector.CardsTo(Megan), c => c.Contains("Review due: Impact assessment method", StringComparison.Ordinal));
        Assert.Contains((await _host.SendAsync(HttpMethod.Get, "/api/gaps", Alex)).Body.GetProperty("documentsPastReview").EnumerateArray(), l => l.GetString()!.StartsWith(id + " ", StringComparison.Ordinal));
        Assert.Contains((await _host.Get<DigestBuilder>().BuildAsync("test")).DocumentsPastReview!, l => l.StartsWith(id + " ", StringComparison.Ordinal));

        Assert.Contains("you do not own", await _host.PressAsync(Lynne, DocumentReviewCard.VerbNoChange, Data(id)), StringComparison.Ordinal);
        var reviewed = await _host.PressAsync(Megan, DocumentReviewCard.VerbNoChange, Data(id));
        Assert.Contains("Recorded: reviewed, no change", reviewed, StringComparison.Ordinal);
        await _host.PressAsync(Megan, DocumentReviewCard.VerbNoChange, Data(id));
        var doc = await DocumentAsync(id);
        Assert.Equal(DateOnly.FromDateTime(_host.Clock.GetUtcNow().UtcDateTime).AddMonths(6), doc.ReviewDate);
        var review = Assert.Single((await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = DocumentService.Subject(id), Kind = DocumentService.ReviewKind })).Items);
        Assert.Contains("A.5.2", review.Controls);
        Assert.DoesNotContain(await Service.PastReviewAsync(), l => l.StartsWith(id + " ", StringComparison.Ordinal));
    }
}
