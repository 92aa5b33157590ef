using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Aims.EndToEnd.Tests;

/// <summary>
/// Document approval through the real Agents Playground and DevHost: Alex writes and submits a new AI policy, the approval card reaches
/// Adele (top management, through the team roster) and not Alex (he wrote it), Adele approves on the card and Alex hears of it;
/// then a monitoring breach of the demo bias objective reaches its owner Megan with an Acknowledge button.
/// </summary>
public sealed class DocumentApprovalEndToEndTests(LocalStack stack) : IClassFixture<LocalStack>
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";

    private async Task<JsonElement> ApiAsync(HttpMethod method, string path, HttpContent? content, string user = Alex, string? appRoles = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Add("X-Aims-User", user);
        if (appRoles is not null) request.Headers.Add("X-Aims-App-Roles", appRoles);
        using var response = await stack.Bot.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Top_management_approves_the_ai_policy_in_teams_and_a_breach_reaches_the_objective_owner()
    {
        foreach (var conversation in new[] { stack.PersonalChatId, "team-id" })
        {
            using var install = await stack.Playground.PostAsJsonAsync(new Uri($"_debug/conversation/{conversation}/installation", UriKind.Relative), new { });
            Assert.True(install.IsSuccessStatusCode);
        }

        await stack.WaitForFrameAsync(f => f.CardContains("Welcome to AIMS"), "the welcome card");

        var document = await ApiAsync(HttpMethod.Post, "api/documents", JsonContent.Create(new { title = "AI policy 2027", type = "AiPolicy", ownerObjectId = Alex, reviewIntervalMonths = 12 }));
        var id = document.GetProperty("id").GetString()!;
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("# AI policy 2027\n\nHuman oversight for every high-risk AI system."));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        await ApiAsync(HttpMethod.Post, $"api/documents/{id}/versions", new MultipartFormDataContent { { new StringContent("1.0"), "version" }, { file, "file", "ai-policy-2027.md" } });
        await ApiAsync(HttpMethod.Post, $"api/documents/{id}/versions/1.0/submit", null);

        var adeleCard = await stack.WaitForBotPostAsync(p => p.RecipientId == "user-id-2" && p.Contains("Approval needed: AI policy") && p.Contains(id), "the approval card to top management");
        Assert.True(adeleCard.Contains("document.approve"), adeleCard.Activity.GetRawText());
        Assert.DoesNotContain(stack.Frames, f => f.CardContains("Approval needed: AI policy") && f.CardContains(id)); // Alex's chat gets no approval card

        var approved = await stack.InvokeAsync(adeleCard.MessageId!, "document.approve", new { documentId = id, version = "1.0" }, userId: "user-id-2", conversationId: adeleCard.ConversationId);
        Assert.Contains("Version 1.0 approved", approved.GetProperty("value").GetRawText(), StringComparison.Ordinal);
        await stack.WaitForFrameAsync(f => f.Action == "createMessage" && f.CardContains($"Your document {id} version 1.0 is now Approved"), "the outcome in Alex's chat");
        var stored = await ApiAsync(HttpMethod.Get, $"api/documents/{id}", null);
        Assert.Equal("Approved", stored.GetProperty("versions")[0].GetProperty("status").GetString());

        // The demo bias objective of the credit scoring model is breached by a monitoring job: Megan gets the incident card.
        var signal = await ApiAsync(HttpMethod.Post, "api/monitoring/signals",
            JsonContent.Create(new { system = "demo-credit-scoring", metric = "bias-gap", value = 0.11, timestamp = DateTimeOffset.UtcNow }), user: "mlops-pipeline", appRoles: "Monitoring.Write");
        var incident = signal.GetProperty("objectives")[0].GetProperty("breachOpenedReportId").GetString()!;
        var meganCard = await stack.WaitForBotPostAsync(p => p.RecipientId == "user-id-1" && p.Contains("is off target") && p.Contains(incident), "the breach card to the objective owner");
        Assert.True(meganCard.Contains("objective.ack"), meganCard.Activity.GetRawText());
    }
}
