using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aims.Application.Reviews;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Reviews;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Reviews;

/// <summary>The record of a management review (9.3.1, 9.3.3), through the real DevHost on Azurite.</summary>
public sealed class ManagementReviewRecordTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";   // AIMS manager
    private const string Adele = "00000000-0000-0000-0000-0000000000022";  // top management
    private const string Isaiah = "00000000-0000-0000-0000-0000000000023"; // auditor
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly DevHostFactory _host;
    private readonly HttpClient _client;

    public ManagementReviewRecordTests(AzuriteFixture azurite)
    {
        _host = new DevHostFactory(azurite.ConnectionString, services: s => s.AddSingleton<TimeProvider>(_clock));
        _client = _host.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string user, object? body = null, string? requestId = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Aims-User", user);
        if (requestId is not null) request.Headers.Add("X-Request-Id", requestId);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<(string DigestId, string OpportunityId)> DigestWithOpportunityAsync()
    {
        var opportunity = (await SendAsync(HttpMethod.Post, "/api/management-reviews/opportunities", Alex, new { text = "Automate evidence capture" })).Body.GetProperty("id").GetString()!;
        var digest = await SendAsync(HttpMethod.Post, "/api/management-reviews", Alex);
        Assert.Equal(HttpStatusCode.Created, digest.Status);
        return (digest.Body.GetProperty("digest").GetProperty("id").GetString()!, opportunity);
    }

    private static object Review(string opportunity, string? heldOn = "2026-11-28", string[]? attendees = null, string? conclusion = "Suitable and effective; evidence capture is not yet adequate.", bool decline = false, string? actionText = "Connect the ML run log to the evidence store") => new
    {
        heldOn,
        attendees = attendees ?? [Adele, Alex],
        suitable = "Yes",
        adequate = "Partly",
        effective = "Yes",
        conclusion,
        decisions = new object[]
        {
            new { text = decline ? "Not this year: no budget" : "Automate evidence capture this quarter", topic = "ImprovementOpportunity", opportunityId = opportunity, decline, actionText, actionOwner = actionText is null ? null : Alex, actionDue = actionText is null ? null : "2027-03-31" },
        },
    };

    [Fact]
    public async Task Top_management_records_the_review_its_action_reaches_the_next_digest_and_it_closes_when_the_action_is_done()
    {
        var (digestId, opportunity) = await DigestWithOpportunityAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, $"/api/management-reviews/{digestId}/record", Alex, Review(opportunity))).Status);
        var recorded = await SendAsync(HttpMethod.Post, $"/api/management-reviews/{digestId}/record", Adele, Review(opportunity), requestId: "review-1");
        Assert.Equal(HttpStatusCode.Created, recorded.Status);
        Assert.Equal(["Adele Vance", "Alex Wilber"], recorded.Body.GetProperty("attendees").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Order());
        var decision = recorded.Body.GetProperty("decisions")[0];
        var actionId = decision.GetProperty("actionId").GetString()!;

        // The same request again (a retry) returns the record; another one is refused, and what was stored is intact.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, $"/api/management-reviews/{digestId}/record", Adele, Review(opportunity), requestId: "review-1")).Status);
        var second = await SendAsync(HttpMethod.Post, $"/api/management-reviews/{digestId}/record", Adele, Review(opportunity, conclusion: "Another"), requestId: "review-2");
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("Suitable and effective; evidence capture is not yet adequate.", (await SendAsync(HttpMethod.Get, $"/api/management-reviews/{digestId}", Isaiah)).Body.GetProperty("conclusion").GetString());

        // The opportunity is decided (accepted into the action), the action is tracked, and the record is evidence under 9.3.1 and 9.3.3.
        var items = _host.Services.GetRequiredService<ILeadershipItems>();
        var decided = await items.GetAsync(opportunity);
        Assert.Equal((LeadershipItemStatus.Done, digestId, false, actionId), (decided!.Status, decided.DecidedInReview, decided.Declined, decided.ActionId));
        Assert.Equal((LeadershipItemKind.Action, Alex, new DateOnly(2027, 3, 31)), ((await items.GetAsync(actionId))!.Kind, (await items.GetAsync(actionId))!.OwnerObjectId, (await items.GetAsync(actionId))!.DueDate));
        var evidence = await _host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = ManagementReviewService.Subject(digestId), Kind = EvidenceKind.ManagementReviewRecord });
        var item = Assert.Single(evidence.Items);
        Assert.Equal((Adele, true, true), (item.Actor.ObjectId, item.Clauses.Contains("9.3.1"), item.Clauses.Contains("9.3.3")));

        // The next digest shows the review's action; the review cannot close while it is open.
        var next = await SendAsync(HttpMethod.Post, "/api/management-reviews", Alex);
        Assert.Contains(next.Body.GetProperty("digest").GetProperty("previousActions").GetProperty("openActions").EnumerateArray(), a => a.GetProperty("id").GetString() == actionId);
        var early = await SendAsync(HttpMethod.Post, $"/api/management-reviews/{digestId}/close", Adele);
        Assert.Equal(HttpStatusCode.Conflict, early.Status);
        Assert.Contains(actionId, early.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/api/management-reviews/actions/{actionId}/complete", Alex)).Status);
        var closed = await SendAsync(HttpMethod.Post, $"/api/management-reviews/{digestId}/close", Alex);
        Assert.Equal((HttpStatusCode.OK, "Closed"), (closed.Status, closed.Body.GetProperty("status").GetString()));
        Assert.Single((await SendAsync(HttpMethod.Get, "/api/management-reviews", Isaiah)).Body.EnumerateArray());
    }

    [Fact]
    public async Task A_review_without_top_management_a_conclusion_or_a_linked_decision_is_refused_naming_each_field_and_nothing_is_stored()
    {
        var (digestId, opportunity) = await DigestWithOpportunityAsync();

        var refused = await SendAsync(HttpMethod.Post, $"/api/management-reviews/{digestId}/record", Adele,
            Review(opportunity, heldOn: "2026-11-20", attendees: [Alex], conclusion: " ", actionText: null));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        var errors = refused.Body.GetProperty("errors");
        Assert.Contains("Date of the review", errors.GetProperty("heldOn")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("at least one attendee must be a member of it", errors.GetProperty("attendees")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("Conclusion", errors.GetProperty("conclusion")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("an accepted opportunity is carried out by an action", errors.GetProperty("decision")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/management-reviews/{digestId}", Alex)).Status);
        Assert.True((await _host.Services.GetRequiredService<ILeadershipItems>().GetAsync(opportunity))!.IsOpenOpportunity);

        // People are picked by name on the card; a forged pick is checked against the directory and refused by its label.
        var forged = await SendAsync(HttpMethod.Post, $"/api/management-reviews/{digestId}/record", Adele, Review(opportunity, attendees: [Adele, "00000000-0000-0000-0000-00000000dead"]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("Attendees: 00000000-0000-0000-0000-00000000dead is not a person of the directory", forged.Body.GetProperty("errors").GetProperty("attendees")[0].GetString(), StringComparison.Ordinal);

        // Declining needs no action: the decision is the reason.
        var declined = await SendAsync(HttpMethod.Post, $"/api/management-reviews/{digestId}/record", Adele, Review(opportunity, decline: true, actionText: null));
        Assert.Equal(HttpStatusCode.Created, declined.Status);
        var decided = await _host.Services.GetRequiredService<ILeadershipItems>().GetAsync(opportunity);
        Assert.Equal((LeadershipItemStatus.Done, true, null), (decided!.Status, decided.Declined, decided.ActionId));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/api/management-reviews/{digestId}/close", Adele)).Status);
    }

    [Fact]
    public async Task The_digest_card_offers_the_form_to_top_management_and_shows_the_record_once_made()
    {
        var (digestId, opportunity) = await DigestWithOpportunityAsync();
        var service = _host.Services.GetRequiredService<ManagementReviewService>();

        var before = (await service.CardForAsync(digestId, Adele, null, CancellationToken.None)).ToJson();
        Assert.Contains(ManagementReviewDigestCard.VerbRecord, before, StringComparison.Ordinal);
        Assert.Contains("\"Data.Query\"", before, StringComparison.Ordinal);
        Assert.Contains(opportunity, before, StringComparison.Ordinal);
        Assert.DoesNotContain(ManagementReviewDigestCard.VerbRecord, (await service.CardForAsync(digestId, Alex, null, CancellationToken.None)).ToJson(), StringComparison.Ordinal);

        await _host.Services.GetRequiredService<ManagementReviewRecorder>().RecordAsync(digestId, new Actor(Adele, "Adele Vance"),
            new ManagementReviewRecordForm(new DateOnly(2026, 11, 28), [Adele], ReviewJudgement.Yes, ReviewJudgement.Yes, ReviewJudgement.No, "Not yet effective: objectives are off target.",
                [new ReviewDecisionInput("Add a second data-quality check", ReviewDecisionTopic.ChangeToAims, null, false, "Define the check", Alex, new DateOnly(2027, 1, 15))]),
            "press-1", CancellationToken.None);

        var after = (await service.CardForAsync(digestId, Adele, null, CancellationToken.None)).ToJson();
        Assert.DoesNotContain(ManagementReviewDigestCard.VerbRecord, after, StringComparison.Ordinal);
        Assert.Contains("Not yet effective: objectives are off target.", after, StringComparison.Ordinal);
        Assert.Contains("change to the AIMS; action for Alex Wilber, due 2027-01-15", after, StringComparison.Ordinal);
    }
}
