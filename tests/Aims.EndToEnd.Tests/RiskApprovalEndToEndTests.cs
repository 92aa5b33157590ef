using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aims.EndToEnd.Tests;

/// <summary>
/// Risk approval through the real Agents Playground and DevHost: a submitter submits, the owner approves on the card, the High
/// residual acceptance goes to top management, a press by someone who may not decide is refused, the last decision shows on
/// every copy, and the ledger holds every decision.
/// </summary>
public sealed class RiskApprovalEndToEndTests(LocalStack stack) : IClassFixture<LocalStack>
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";
    private const string Megan = "00000000-0000-0000-0000-0000000000021";

    private Task<JsonElement> ApiAsync(HttpMethod method, string path, string user, object? body = null) => stack.ApiAsync(method, path, user, body);

    [Fact]
    public async Task Owner_and_top_management_approve_in_teams_and_everyone_sees_the_decision()
    {
        // Alex opens the app; the app is also installed in the team, so Adele can be reached through its roster.
        foreach (var conversation in new[] { stack.PersonalChatId, "team-id" })
        {
            using var install = await stack.Playground.PostAsJsonAsync(new Uri($"_debug/conversation/{conversation}/installation", UriKind.Relative), new { });
            Assert.True(install.IsSuccessStatusCode);
        }

        await stack.WaitForFrameAsync(f => f.CardContains("Welcome to AIMS"), "the welcome card");

        // The demo organisation already has R-1 waiting for Alex.
        using (await stack.SendTextAsync("my approvals")) { }
        await stack.WaitForFrameAsync(f => f.CardContains("R-1: Credit scores disadvantage thin-file applicants") && f.CardContains("risk.approve"), "R-1 in my approvals");

        // Megan submits a risk Alex owns: accepting it leaves a High residual.
        var created = await ApiAsync(HttpMethod.Post, "api/risks", Megan, new
        {
            aiSystemId = "demo-support-chatbot", title = "Escalations missed at night", description = "No agent on duty after 22:00.",
            category = "Safety", source = "Deployment", likelihood = 4, impact = 4, treatment = "Accept",
            residualLikelihood = 3, residualImpact = 4, ownerObjectId = Alex, nextReviewDate = "2027-03-01", controls = new[] { "A.9.2" },
        });
        var id = created.GetProperty("risk").GetProperty("id").GetString()!;
        await ApiAsync(HttpMethod.Post, $"api/risks/{id}/submit", Megan);

        var ownerCard = await stack.WaitForFrameAsync(f => f.Action == "createMessage" && f.CardContains($"{id}: Escalations missed at night") && f.CardContains("risk.approve"), "the approval card to the owner");
        Assert.True(ownerCard.CardContains("High (L3 × I4 = 12)"), ownerCard.Raw);

        var afterOwner = await stack.InvokeAsync(ownerCard.MessageId!, "risk.approve", new { riskId = id, revision = "1" });
        var afterOwnerCard = afterOwner.GetProperty("value").GetRawText();
        Assert.Contains("Awaiting top management", afterOwnerCard, StringComparison.Ordinal);
        Assert.DoesNotContain("risk.approve", afterOwnerCard, StringComparison.Ordinal);

        // Alex is not top management: pressing Approve on the current revision is refused and changes nothing.
        var refused = await stack.InvokeAsync(ownerCard.MessageId!, "risk.approve", new { riskId = id, revision = "2" });
        Assert.Contains("Not allowed", refused.GetProperty("value").GetRawText(), StringComparison.Ordinal);
        Assert.Contains("top management", refused.GetProperty("value").GetRawText(), StringComparison.Ordinal);

        // Adele receives the card in her own chat (opened through the team roster) and accepts.
        var adeleCard = await stack.WaitForBotPostAsync(p => p.RecipientId == "user-id-2" && p.Contains($"{id}: Escalations missed at night") && p.Contains("Accept risk"), "the card to top management");
        var accepted = await stack.InvokeAsync(adeleCard.MessageId!, "risk.approve", new { riskId = id, revision = "2" }, userId: "user-id-2", conversationId: adeleCard.ConversationId);
        Assert.Contains("Accepted", accepted.GetProperty("value").GetRawText(), StringComparison.Ordinal);

        // Alex's copy of the card now shows the decision and no buttons.
        var updated = await stack.WaitForFrameAsync(f => f.Action == "updateMessage" && f.MessageId == ownerCard.MessageId && f.CardContains("Accepted"), "Alex's copy updated");
        Assert.False(updated.CardContains("risk.approve"), updated.Raw);

        // Every decision is evidence, and the ledger is intact.
        var evidence = await ApiAsync(HttpMethod.Get, $"api/evidence?subject=risk:{id}&kind=risk-decision", Alex);
        var summaries = evidence.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("summary").GetString()!).ToList();
        Assert.Equal(3, summaries.Count);
        Assert.Contains(summaries, s => s.Contains("Submitted by Megan Bowen", StringComparison.Ordinal));
        Assert.Contains(summaries, s => s.Contains("Approved by Alex Wilber (RiskOwner)", StringComparison.Ordinal));
        Assert.Contains(summaries, s => s.Contains("Accepted by Adele Vance (TopManagement)", StringComparison.Ordinal));
        var verification = await ApiAsync(HttpMethod.Get, "api/evidence/verify", Alex);
        Assert.True(verification.GetProperty("isIntact").GetBoolean(), verification.ToString());
    }
}
