using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Aims.EndToEnd.Tests;

/// <summary>
/// The management review through the real Agents Playground and DevHost: Alex (AIMS manager) sends the digest, Adele (top management, reached
/// through the team roster) records a decision and assigns an action on her card, Alex's press is refused, Adele records the review
/// itself (attendees, conclusion, a decision with its action), and the next digest shows both actions under the actions from
/// previous reviews.
/// </summary>
public sealed partial class ManagementReviewEndToEndTests(LocalStack stack) : IClassFixture<LocalStack>
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";
    private const string Adele = "00000000-0000-0000-0000-0000000000022";

    [GeneratedRegex("\"digestId\":\"(MR-[^\"]+)\"")]
    private static partial Regex DigestId();

    [Fact]
    public async Task Leadership_responds_on_the_digest_and_the_next_digest_tracks_the_action()
    {
        foreach (var conversation in new[] { stack.PersonalChatId, "team-id" })
        {
            using var install = await stack.Playground.PostAsJsonAsync(new Uri($"_debug/conversation/{conversation}/installation", UriKind.Relative), new { });
            Assert.True(install.IsSuccessStatusCode);
        }

        await stack.WaitForFrameAsync(f => f.CardContains("Welcome to AIMS"), "the welcome card");

        using (await stack.SendTextAsync("digest")) { }
        var alexCard = await stack.WaitForFrameAsync(f => f.Action == "createMessage" && f.CardContains("Management review digest") && f.CardContains("review.refresh"), "the digest in Alex's chat");
        var adeleCard = await stack.WaitForBotPostAsync(p => p.RecipientId == "user-id-2" && p.Contains("Management review digest"), "the digest to top management");
        // The requester's copy has no leadership buttons; the top management member's has them.
        Assert.False(alexCard.CardContains("review.acknowledge") || alexCard.CardContains("review.decide") || alexCard.CardContains("review.assign"), alexCard.Raw);
        Assert.True(adeleCard.Contains("review.acknowledge") && adeleCard.Contains("review.decide") && adeleCard.Contains("review.assign"), adeleCard.Activity.GetRawText());
        var digestId = DigestId().Match(adeleCard.Activity.GetRawText()).Groups[1].Value;
        Assert.StartsWith("MR-", digestId, StringComparison.Ordinal);

        // Alex is not top management: a press he could only forge is refused and records nothing (the second line of defence).
        var refused = await stack.InvokeAsync(alexCard.MessageId!, "review.decide", new { digestId, decisionText = "Alex overrules" });
        Assert.Contains("Not allowed", refused.GetProperty("value").GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Alex overrules", refused.GetProperty("value").GetRawText(), StringComparison.Ordinal);

        var decided = await stack.InvokeAsync(adeleCard.MessageId!, "review.decide", new { digestId, decisionText = "Pause the CV screening pilot" }, userId: "user-id-2", conversationId: adeleCard.ConversationId);
        Assert.Contains("Pause the CV screening pilot", decided.GetProperty("value").GetRawText(), StringComparison.Ordinal);
        var due = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var assigned = await stack.InvokeAsync(adeleCard.MessageId!, "review.assign", new { digestId, actionText = "Commission a bias audit", actionOwner = Alex, actionDue = due }, userId: "user-id-2", conversationId: adeleCard.ConversationId);
        Assert.Contains("Commission a bias audit", assigned.GetProperty("value").GetRawText(), StringComparison.Ordinal);

        // Alex's copy shows the responses.
        await stack.WaitForFrameAsync(f => f.Action == "updateMessage" && f.MessageId == alexCard.MessageId && f.CardContains("Commission a bias audit"), "Alex's copy updated");

        // After the meeting Adele records the review on her card: attendees, the conclusion (9.3.1) and one decision with its action.
        Assert.True(adeleCard.Contains("review.record"), adeleCard.Activity.GetRawText());
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var policyDue = DateTime.UtcNow.AddDays(45).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var recorded = await stack.InvokeAsync(adeleCard.MessageId!, "review.record", new
        {
            digestId,
            reviewHeldOn = today,
            reviewAttendees = $"{Adele},{Alex}",
            reviewSuitable = "Yes",
            reviewAdequate = "Partly",
            reviewEffective = "Yes",
            reviewConclusion = "The AIMS remains suitable and effective; the AI policy needs revising for generative AI.",
            reviewDecision = "Revise the AI policy for generative AI",
            reviewDecisionTopic = "ChangeToAims",
            reviewActionText = "Publish the revised AI policy",
            reviewActionOwner = Alex,
            reviewActionDue = policyDue,
        }, userId: "user-id-2", conversationId: adeleCard.ConversationId);
        var recordedCard = recorded.GetProperty("value").GetRawText();
        Assert.Contains("The review is recorded", recordedCard, StringComparison.Ordinal);
        Assert.Contains("Management review record", recordedCard, StringComparison.Ordinal);
        Assert.DoesNotContain("review.record", recordedCard, StringComparison.Ordinal);
        await stack.WaitForFrameAsync(f => f.Action == "updateMessage" && f.MessageId == alexCard.MessageId && f.CardContains("the AI policy needs revising"), "Alex's copy shows the record");
        var review = await stack.ApiAsync(HttpMethod.Get, $"/api/management-reviews/{digestId}", Alex);
        Assert.Equal("Recorded", review.GetProperty("status").GetString());

        // The next digest lists the action under the actions from previous reviews.
        using (await stack.SendTextAsync("digest")) { }
        var next = await stack.WaitForFrameAsync(f => f.Action == "createMessage" && f.CardContains("Management review digest") && f.CardContains("Commission a bias audit") && !f.CardContains(digestId), "the next digest");
        Assert.True(next.CardContains($"due {due}"), next.Raw);
        Assert.True(next.CardContains("Publish the revised AI policy") && next.CardContains($"due {policyDue}"), next.Raw);
        Assert.True(next.CardContains("Decision"), next.Raw);
    }
}
