using System.Net.Http.Json;
using System.Text.Json;

namespace Aims.EndToEnd.Tests;

/// <summary>
/// The deployment gate of the demo credit scoring model through the real Agents Playground and DevHost: Megan asks for it, the
/// card reaches Alex (its gate approver) showing what is not met and no Approve; Alex treats the open risk and approves the
/// impact assessment on their own cards; the gate card is refreshed with every criterion met, and Alex approves it.
/// </summary>
public sealed class LifecycleGateEndToEndTests(LocalStack stack) : IClassFixture<LocalStack>
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";
    private const string Megan = "00000000-0000-0000-0000-0000000000021";
    private const string Adele = "00000000-0000-0000-0000-0000000000022";

    private Task<JsonElement> ApiAsync(HttpMethod method, string path, string user, object? body = null) => stack.ApiAsync(method, path, user, body);

    [Fact]
    public async Task The_deployment_gate_shows_what_is_missing_then_refreshes_and_is_approved_once_the_assessment_is_approved()
    {
        using (var install = await stack.Playground.PostAsJsonAsync(new Uri($"_debug/conversation/{stack.PersonalChatId}/installation", UriKind.Relative), new { }))
        {
            Assert.True(install.IsSuccessStatusCode);
        }

        await stack.WaitForFrameAsync(f => f.CardContains("Welcome to AIMS"), "the welcome card");

        // Megan, the model's owner, asks for the deployment gate.
        var request = await ApiAsync(HttpMethod.Post, "api/systems/demo-credit-scoring/gate-requests", Megan, new { to = "Deployment", reason = "Validation report and deployment plan approved." });
        var gate = request.GetProperty("request").GetProperty("id").GetString()!;
        var gateCard = await stack.WaitForFrameAsync(f => f.Action == "createMessage" && f.CardContains("Gate approval needed") && f.CardContains("Credit scoring model"), "the gate card to Alex");
        Assert.True(gateCard.CardContains("Not met: "), gateCard.Raw);
        Assert.True(gateCard.CardContains("No impact assessment of the system has been approved"), gateCard.Raw);
        Assert.False(gateCard.CardContains("gate.approve"), gateCard.Raw);
        Assert.True(gateCard.CardContains("Met: "), gateCard.Raw);   // the attached report and plan

        // The other missing pieces, done for real: Alex treats R-1 on its card, the SoA gets an approved version.
        using (await stack.SendTextAsync("my approvals")) { }
        var riskCard = await stack.WaitForFrameAsync(f => f.CardContains("R-1: Credit scores disadvantage thin-file applicants") && f.CardContains("risk.approve"), "R-1 in my approvals");
        var risk = await ApiAsync(HttpMethod.Get, "api/risks/R-1", Alex);
        var revision = risk.GetProperty("risk").GetProperty("revision").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var treated = await stack.InvokeAsync(riskCard.MessageId!, "risk.approve", new { riskId = "R-1", revision });
        Assert.Contains("Approved", treated.GetProperty("value").GetRawText(), StringComparison.Ordinal);
        await ApiAsync(HttpMethod.Post, "api/soa/approve", Adele);

        // Megan writes and submits the impact assessment; Alex, independent of her, approves it on its own card.
        var assessment = await ApiAsync(HttpMethod.Post, "api/impact-assessments", Megan, new
        {
            aiSystemId = "demo-credit-scoring", title = "Credit scoring: impacts on applicants",
            systemDescription = "Ranks or scores cases for the people who decide", intendedUses = "Decision support only", foreseeableMisuse = "Deciding on the score alone",
            dataAndQuality = "Historic cases, checked for completeness and balance", modelInformation = "Supervised model, retrained yearly", deploymentEnvironment = "Internal web app used by trained staff",
            benefits = "Faster, more consistent decisions", sensitiveUses = "Any use on minors needs extra review", reviewTriggers = "Model, data or intended use change", reviewDate = "2027-06-30",
            impacts = new object[] { new { scope = "Individuals", description = "Thin-file applicants scored too low", severity = "Major", affectedParties = new[] { "Loan applicants" }, likelihood = 3, reversibility = "PartlyReversible", scale = "Many", measures = "Human review of every adverse outcome", riskIds = new[] { "R-1" }, controls = new[] { "A.7.4" } } },
            linkedRiskIds = new[] { "R-1" },
        });
        var assessmentId = assessment.GetProperty("id").GetString()!;
        await ApiAsync(HttpMethod.Post, $"api/impact-assessments/{assessmentId}/submit", Megan);
        var assessmentCard = await stack.WaitForFrameAsync(f => f.Action == "createMessage" && f.CardContains("Impact assessment to review") && f.CardContains("assessment.approve"), "the assessment card to Alex");
        var approvedAssessment = await stack.InvokeAsync(assessmentCard.MessageId!, "assessment.approve", new { assessmentId });
        Assert.Contains("Approved", approvedAssessment.GetProperty("value").GetRawText(), StringComparison.Ordinal);

        // The gate card in Alex's chat is replaced: every criterion met, Approve offered.
        var refreshed = await stack.WaitForFrameAsync(f => f.Action == "updateMessage" && f.MessageId == gateCard.MessageId && f.CardContains("gate.approve"), "the gate card refreshed");
        Assert.False(refreshed.CardContains("Not met: "), refreshed.Raw);
        var approved = await stack.InvokeAsync(gateCard.MessageId!, "gate.approve", new { gateId = gate });
        Assert.Contains("Gate approved", approved.GetProperty("value").GetRawText(), StringComparison.Ordinal);

        var system = await ApiAsync(HttpMethod.Get, "api/systems/demo-credit-scoring", Alex);
        Assert.Equal("Deployment", system.GetProperty("stage").GetString());
        var evidence = await ApiAsync(HttpMethod.Get, $"api/evidence?subject=lifecycle-gate:{gate}&kind=lifecycle-gate-decision", Alex);
        Assert.Single(evidence.GetProperty("items").EnumerateArray());
    }
}
