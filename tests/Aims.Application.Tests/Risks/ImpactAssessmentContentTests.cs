using System.Net;
using System.Text.Json;
using Aims.Application.Risks;
using Aims.Application.Tests.Reviews;
using Aims.Application.Tests.Work;

namespace Aims.Application.Tests.Risks;

/// <summary>
/// Impact assessments as ISO/IEC 42005 describes them, through the API and the review card: a draft is submitted only when
/// complete (each gap named by its field), drafts are editable, an approved assessment is frozen and a new version starts from it,
/// and the reviewer is independent of the author and the system's owner.
/// </summary>
public sealed class ImpactAssessmentContentTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private const string Alex = ReviewHost.Alex;     // AIMS manager
    private const string Megan = ReviewHost.Megan;   // owner of demo-cv-screening... and of the system below
    private const string Adele = ReviewHost.Adele;   // top management
    private readonly ReviewHost _host;

    public ImpactAssessmentContentTests(DedicatedAzurite azurite) =>
        _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 10, 5, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => _host.Dispose();

    private async Task<string> SystemAsync(string owner)
    {
        var (status, body) = await _host.SendAsync(HttpMethod.Post, "/api/systems", Alex, Register.RegisterHost.System("Triage " + Guid.NewGuid().ToString("N")[..6], "Claims", owner: owner));
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("id").GetString()!;
    }

    private static Dictionary<string, object?> Harm(bool complete) => new()
    {
        ["scope"] = "Individuals", ["description"] = "Claims wrongly delayed", ["severity"] = "Moderate", ["affectedParties"] = new[] { "Claimants" },
        ["likelihood"] = complete ? 3 : 0, ["reversibility"] = complete ? "Reversible" : null, ["scale"] = complete ? "Many" : null,
        ["measures"] = complete ? "A handler reviews every delay" : null, ["riskIds"] = complete ? new[] { "R-1" } : Array.Empty<string>(), ["controls"] = complete ? new[] { "A.9.2" } : Array.Empty<string>(),
    };

    private static object Content(string system, bool complete) => new
    {
        aiSystemId = system, title = "Claims triage impacts", impacts = new[] { Harm(complete) },
        systemDescription = complete ? "Sorts incoming claims by urgency" : null, intendedUses = "Prioritising the queue", foreseeableMisuse = complete ? "Rejecting claims on the score" : null,
        dataAndQuality = "Three years of claims, checked for gaps", modelInformation = "Gradient-boosted trees", deploymentEnvironment = complete ? "Claims handling tool" : null,
        benefits = "Urgent claims handled first", sensitiveUses = "Claims of vulnerable customers get a handler at once", reviewTriggers = complete ? "Model, data or use change" : null,
        reviewDate = complete ? "2027-04-01" : null,
    };

    [Fact]
    public async Task A_draft_is_submitted_only_when_complete_and_each_gap_is_named_by_its_field()
    {
        var system = await SystemAsync(Megan);
        var (created, draft) = await _host.SendAsync(HttpMethod.Post, "/api/impact-assessments", Megan, Content(system, complete: false));
        Assert.Equal(HttpStatusCode.Created, created);
        var id = draft.GetProperty("id").GetString()!;

        var (refused, problem) = await _host.SendAsync(HttpMethod.Post, $"/api/impact-assessments/{id}/submit", Megan);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal(
            ["deploymentEnvironment", "foreseeableMisuse", "impacts[0].likelihood", "impacts[0].measures", "impacts[0].reversibility", "impacts[0].scale", "reviewDate", "reviewTriggers", "systemDescription"],
            problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        // The author completes the draft and submits it; it stays a draft until then, and an edit by someone else is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Put, $"/api/impact-assessments/{id}", ReviewHost.Patti, Content(system, complete: true))).Status);
        var (edited, body) = await _host.SendAsync(HttpMethod.Put, $"/api/impact-assessments/{id}", Megan, Content(system, complete: true));
        Assert.True(edited == HttpStatusCode.OK, body.ToString());
        Assert.Equal("Draft", body.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Post, $"/api/impact-assessments/{id}/submit", Megan)).Status);
    }

    [Fact]
    public async Task The_independent_reviewer_approves_on_the_card_and_the_approved_version_is_frozen_while_the_next_starts_from_it()
    {
        var system = await SystemAsync(Alex);   // the AIMS manager owns this one: top management reviews it
        var (_, draft) = await _host.SendAsync(HttpMethod.Post, "/api/impact-assessments", Megan, Content(system, complete: true));
        var id = draft.GetProperty("id").GetString()!;
        await _host.SendAsync(HttpMethod.Post, $"/api/impact-assessments/{id}/submit", Megan);

        Assert.Equal(1, await QueueDrain.AnnouncementsAsync(_host.Services, id));
        Assert.Empty(_host.Connector.CardsTo(Alex));   // the owner is not asked
        var card = Assert.Single(_host.Connector.CardsTo(Adele));
        Assert.Contains(ImpactAssessmentCard.VerbApprove, card, StringComparison.Ordinal);
        Assert.Contains("You own this AI system", await _host.PressAsync(Alex, ImpactAssessmentCard.VerbApprove, new Dictionary<string, string?> { ["assessmentId"] = id }), StringComparison.Ordinal);
        Assert.Contains("Approved: the assessment is frozen", await _host.PressAsync(Adele, ImpactAssessmentCard.VerbApprove, new Dictionary<string, string?> { ["assessmentId"] = id }), StringComparison.Ordinal);

        var (frozen, refusal) = await _host.SendAsync(HttpMethod.Put, $"/api/impact-assessments/{id}", Megan, Content(system, complete: true));
        Assert.Equal(HttpStatusCode.Conflict, frozen);
        Assert.Contains("new version", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (started, next) = await _host.SendAsync(HttpMethod.Post, $"/api/impact-assessments/{id}/versions", Megan);
        Assert.Equal(HttpStatusCode.Created, started);
        Assert.Equal(2, next.GetProperty("version").GetInt32());
        Assert.Equal(id, next.GetProperty("previousVersionId").GetString());
        Assert.Equal("Draft", next.GetProperty("state").GetString());
        Assert.Equal("Sorts incoming claims by urgency", next.GetProperty("systemDescription").GetString());
        var (_, original) = await _host.SendAsync(HttpMethod.Get, $"/api/impact-assessments?aiSystemId={system}", Alex);
        Assert.Equal("Approved", original.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetString() == id).GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Array, next.GetProperty("impacts")[0].GetProperty("riskIds").ValueKind);
    }
}
