using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Aims.EndToEnd.Tests;

/// <summary>Training through the real Agents Playground and the DevHost: launch via the API, the card reaches Alex, he attests.</summary>
public sealed class TrainingEndToEndTests(LocalStack stack) : IClassFixture<LocalStack>
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";

    [Fact]
    public async Task A_launched_campaign_reaches_alex_he_attests_on_the_card_and_the_status_shows_it()
    {
        using (var install = await stack.Playground.PostAsJsonAsync(new Uri($"_debug/conversation/{stack.PersonalChatId}/installation", UriKind.Relative), new { }))
        {
            Assert.True(install.IsSuccessStatusCode, await install.Content.ReadAsStringAsync());
        }

        await stack.WaitForFrameAsync(f => f.CardContains("Welcome to AIMS"), "the welcome card");

        var title = "E2E literacy " + Guid.NewGuid().ToString("N")[..6];
        using var created = await SendAsync(HttpMethod.Post, "api/campaigns", new
        {
            title,
            description = "End-to-end training.",
            courseUrl = "https://learn.example/e2e",
            materialName = "E2E slides",
            materialVersion = "v1",
            statement = "I completed the end-to-end training.",
            audienceGroupIds = new[] { "g-aims-managers" },
            dueDate = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var launched = await SendAsync(HttpMethod.Post, $"api/campaigns/{id}/launch", null);
        Assert.Equal(HttpStatusCode.Accepted, launched.StatusCode);

        var card = await stack.WaitForFrameAsync(f => f.CardContains(title) && f.CardContains("training.attest"), "the attestation card in Alex's chat");
        Assert.NotNull(card.MessageId);

        // An unticked Attest keeps the card: the message on top, the statement, the box and Attest still there to press again.
        var unticked = (await stack.InvokeAsync(card.MessageId!, "training.attest", new { campaignId = id, version = "v1", recipient = Alex, confirm = "false" })).GetProperty("value").GetRawText();
        Assert.Contains("Tick the confirmation box before you attest.", unticked, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"training.attest\"", unticked, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"confirm\"", unticked, StringComparison.Ordinal);
        Assert.Contains(title, unticked, StringComparison.Ordinal);

        var answer = await stack.InvokeAsync(card.MessageId!, "training.attest", new { campaignId = id, version = "v1", recipient = Alex, confirm = "true" });
        Assert.Contains("Attested on", answer.GetProperty("value").GetRawText(), StringComparison.Ordinal);

        using var status = await SendAsync(HttpMethod.Get, $"api/campaigns/{id}/status", null);
        var json = await status.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, json.GetProperty("completion").GetProperty("attested").GetInt32());
        Assert.Equal(1, json.GetProperty("completion").GetProperty("total").GetInt32());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        request.Headers.Add("X-Aims-User", Alex);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await stack.Bot.SendAsync(request);
    }
}
