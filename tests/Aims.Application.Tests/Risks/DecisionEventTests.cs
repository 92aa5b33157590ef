using System.Text.Json;
using Aims.Application.Demo;
using Aims.Application.Risks;
using Aims.Application.Tests.Reviews;
using Aims.Application.Tests.Work;
using Aims.Application.Work;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Risks;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Risks;

/// <summary>
/// Decisions as events: a press records the decision and answers at once; announcing it (card copies, the next approver) runs
/// from the decision-announcements queue, exactly once even when the event is delivered twice. An Azurite of its own: the demo
/// organisation is seeded here, and seeding races other classes that seed the shared one.
/// </summary>
public sealed class DecisionEventTests : IClassFixture<DedicatedAzurite>, IAsyncLifetime
{
    private const string Alex = ReviewHost.Alex;    // AIMS manager, risk owner
    private const string Megan = ReviewHost.Megan;  // risk owner
    private const string Adele = ReviewHost.Adele;  // top management

    // Once seeded, every Bot Connector call and every directory member listing takes 5 s on this clock, which only the test moves.
    private readonly SlowClock _slow = new();
    private readonly RecordingConnector _recorded = new();
    private readonly SlowConnector _connector;
    private readonly DevHostFactory _host;

    public DecisionEventTests(DedicatedAzurite azurite)
    {
        _connector = new SlowConnector(_recorded, _slow);
        _host = new DevHostFactory(azurite.ConnectionString, services: s =>
        {
            s.AddSingleton<IConnectorClient>(_connector);
            SlowTeams.SlowDirectory(s, _slow);
        });
    }

    public async Task InitializeAsync()
    {
        await _host.Services.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        var book = _host.Services.GetRequiredService<IChatAddressBook>();
        foreach (var person in ReviewHost.Everyone)
        {
            await book.SaveAsync(new ChatAddress(person, "29:" + person, null, "conv-" + person, "http://127.0.0.1:9/_connector", "t", "bot", DateTimeOffset.UtcNow));
        }

        _slow.On = true;
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_press_answers_while_teams_and_graph_are_slow_and_the_announcement_is_delivered_once_from_the_queue()
    {
        var risks = _host.Services.GetRequiredService<RiskService>();
        var created = await risks.CreateAsync(new Risk
        {
            Id = "R-0", AiSystemId = "demo-support-chatbot", Title = "Escalations missed at night", Description = "No agent on duty after 22:00.",
            Category = RiskCategory.Safety, Source = RiskSource.Deployment, Likelihood = 4, Impact = 4, Treatment = TreatmentOption.Accept,
            ResidualLikelihood = 3, ResidualImpact = 4, OwnerObjectId = Alex, NextReviewDate = new DateOnly(2027, 3, 1), Controls = ["A.9.2"],
        }, new Actor(Megan, "Megan Bowen"), CancellationToken.None);
        var id = created.Risk.Id;
        var submitted = await risks.SubmitAsync(id, new Actor(Megan, "Megan Bowen"), "submit-" + id, CancellationToken.None);
        Assert.Equal(1, await DrainWhileTimePassesAsync(id));
        var ownerCopy = Assert.Single(_recorded.Sent, s => s.ConversationId == "conv-" + Alex && Json(s.Activity).Contains($"{id}: Escalations missed at night", StringComparison.Ordinal));
        var sentBefore = _recorded.Sent.Count;
        var callsBefore = _connector.Started;

        // Alex approves on the card: the answer comes back while every Bot Connector call and member lookup would take 5 s on a
        // clock nobody moves (an invoke that waited for one would never answer; the guard below turns that into a failure).
        var press = Press(Alex, RiskApprovalCard.VerbApprove, new { riskId = id, revision = submitted.Risk.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "press-" + id);
        var router = _host.Services.GetServices<IActivityHandler>().Single();
        var answer = await router.HandleAsync(new TurnContext(press, new Uri(press.ServiceUrl!), _connector, CancellationToken.None)).WaitAsync(TimeSpan.FromMinutes(2));
        var card = JsonSerializer.Serialize(answer!.Body, CardJson.Options);

        Assert.Contains("Awaiting top management", card, StringComparison.Ordinal);
        Assert.DoesNotContain(RiskApprovalCard.VerbApprove, card, StringComparison.Ordinal);
        Assert.Equal(callsBefore, _connector.Started);
        Assert.Equal(sentBefore, _recorded.Sent.Count);
        Assert.Empty(_recorded.Updated);
        Assert.Equal(ApprovalState.AcceptancePendingTopManagement, (await _host.Services.GetRequiredService<IRiskRegister>().GetAsync(id))!.Risk.State);

        // The queued event announces it: Adele gets the card to accept, Alex's copy is replaced with the decision.
        Assert.Equal(1, await DrainWhileTimePassesAsync(id));
        Assert.Single(_recorded.CardsTo(Adele), c => c.Contains($"{id}: Escalations missed at night", StringComparison.Ordinal) && c.Contains("Accept risk", StringComparison.Ordinal));
        var update = Assert.Single(_recorded.Updated, u => u.ActivityId == ownerCopy.Activity.Id || u.Card.Contains(id, StringComparison.Ordinal));
        Assert.Contains("Awaiting top management", update.Card, StringComparison.Ordinal);

        // The same event delivered again (a retry, or re-queued by the settlement sweep) sends and updates nothing.
        var sent = _recorded.Sent.Count;
        var updated = _recorded.Updated.Count;
        await _host.Services.GetRequiredService<DecisionAnnouncements>().EnqueueAsync(RiskAnnouncer.KindName, id, "press-" + id, CancellationToken.None);
        Assert.Equal(1, await DrainWhileTimePassesAsync(id));
        Assert.Equal(sent, _recorded.Sent.Count);
        Assert.Equal(updated, _recorded.Updated.Count);
        Assert.Single(_recorded.CardsTo(Adele), c => c.Contains($"{id}: Escalations missed at night", StringComparison.Ordinal));
    }

    /// <summary>Handles the risk's queued announcements while moving the slow clock, so each 5 s call completes.</summary>
    private Task<int> DrainWhileTimePassesAsync(string riskId)
    {
        return SlowTeams.DrainAnnouncementsAsync(_host.Services, _slow, riskId);
    }

    private static string Json(Activity activity) => JsonSerializer.Serialize(activity.Attachments![0].Content, CardJson.Options);

    private static Activity Press(string actor, string verb, object data, string activityId) => BotTurns.Press(actor, verb, data, activityId);
}
