using System.Net;
using Aims.Application.Demo;
using Aims.Application.Risks;
using Aims.Application.Tests.Reviews;
using Aims.Application.Work;
using Aims.Core.Risks;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Risks;

/// <summary>
/// The actions of an approved treatment are followed like any other task (6.1.3, 8.3): their owners are reminded before the due
/// date and once it has passed, each card with "Mark done"; past the escalation period the risk owner and the AIMS managers are
/// told; a press completes the action without touching the approval, and only the people allowed may press.
/// </summary>
public sealed class TreatmentActionFollowUpTests : IClassFixture<DedicatedAzurite>, IAsyncLifetime
{
    private const string Alex = ReviewHost.Alex;
    private const string Megan = ReviewHost.Megan;
    private const string Patti = ReviewHost.Patti;
    private const string Lynne = ReviewHost.Lynne;
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);
    private readonly ReviewHost _host;

    public TreatmentActionFollowUpTests(DedicatedAzurite azurite) => _host = new ReviewHost(azurite.ConnectionString, Start);

    public Task InitializeAsync() => _host.Get<DemoSeeder>().SeedAsync(CancellationToken.None);

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Owners_are_reminded_then_managers_told_and_the_card_completes_the_action_keeping_the_approval()
    {
        var id = await ApprovedRiskAsync();
        var job = _host.Services.GetServices<IScheduledJob>().Single(j => j.Name == RiskFollowUpJob.JobName);

        // Lynne's action is due in 2 days (within the 3-day reminder window), Megan's in 20: only Lynne hears.
        await job.RunAsync(CancellationToken.None);
        var lynne = Assert.Single(ActionCards(Lynne, id));
        Assert.Contains("Treatment action due 2027-01-06", lynne, StringComparison.Ordinal);
        Assert.Contains("Set up the drift dashboard", lynne, StringComparison.Ordinal);
        Assert.Contains(TreatmentActionCard.VerbComplete, lynne, StringComparison.Ordinal);
        Assert.Empty(ActionCards(Megan, id));

        // The same day again: nothing new.
        await job.RunAsync(CancellationToken.None);
        Assert.Single(ActionCards(Lynne, id));

        // Three days later it is overdue: one more reminder, no escalation yet.
        _host.Clock.Advance(TimeSpan.FromDays(3));
        await job.RunAsync(CancellationToken.None);
        Assert.Equal(2, ActionCards(Lynne, id).Count);
        Assert.Contains("overdue", ActionCards(Lynne, id)[^1], StringComparison.Ordinal);
        Assert.Empty(ActionCards(Patti, id));

        // Seven days overdue: the risk owner (Patti) and the AIMS manager (Alex) are told once, on a card without the button.
        _host.Clock.Advance(TimeSpan.FromDays(6));
        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);
        var escalation = Assert.Single(ActionCards(Patti, id));
        Assert.Contains("Escalation: this action is 7 days overdue", escalation, StringComparison.Ordinal);
        Assert.DoesNotContain(TreatmentActionCard.VerbComplete, escalation, StringComparison.Ordinal);
        Assert.Single(ActionCards(Alex, id));
        Assert.Equal(2, ActionCards(Lynne, id).Count);

        // Megan is not the action's owner, its risk owner or an AIMS manager: refused, nothing changed.
        var press = new Dictionary<string, string?> { ["riskId"] = id, ["actionIndex"] = "0", ["action"] = "Set up the drift dashboard" };
        var refused = await _host.PressAsync(Megan, TreatmentActionCard.VerbComplete, press);
        Assert.Contains("Not allowed: Only the action's owner", refused, StringComparison.Ordinal);
        Assert.False((await RiskAsync(id)).Actions[0].Done);

        // A press with the action's text missing is refused by its label.
        var missing = await _host.PressAsync(Lynne, TreatmentActionCard.VerbComplete, new Dictionary<string, string?> { ["riskId"] = id, ["actionIndex"] = "0" });
        Assert.Contains("did not send its action", missing, StringComparison.Ordinal);

        // Lynne marks it done from her card: done by her, the approval stands.
        var done = await _host.PressAsync(Lynne, TreatmentActionCard.VerbComplete, press);
        Assert.Contains("Treatment action done", done, StringComparison.Ordinal);
        Assert.DoesNotContain(TreatmentActionCard.VerbComplete, done, StringComparison.Ordinal);
        var risk = await RiskAsync(id);
        Assert.True(risk.Actions[0].Done);
        Assert.Equal(Lynne, risk.Actions[0].DoneBy);
        Assert.Equal(ApprovalState.Approved, risk.State);

        // A card sent before the treatment was edited names an action the risk no longer has at that place: refused.
        var stale = await _host.PressAsync(Lynne, TreatmentActionCard.VerbComplete, new Dictionary<string, string?> { ["riskId"] = id, ["actionIndex"] = "1", ["action"] = "Something else" });
        Assert.Contains("was edited since this card was sent", stale, StringComparison.Ordinal);
        Assert.False((await RiskAsync(id)).Actions[1].Done);

        // Done actions are followed no more.
        _host.Clock.Advance(TimeSpan.FromDays(1));
        await job.RunAsync(CancellationToken.None);
        Assert.Equal(2, ActionCards(Lynne, id).Count);
    }

    private List<string> ActionCards(string person, string riskId) =>
        [.. _host.Connector.CardsTo(person).Where(c => c.Contains("Treatment action", StringComparison.Ordinal) && c.Contains($"{riskId}: ", StringComparison.Ordinal))];

    private async Task<Risk> RiskAsync(string id) => (await _host.Get<IRiskRegister>().GetAsync(id))!.Risk;

    private async Task<string> ApprovedRiskAsync()
    {
        var (created, body) = await _host.SendAsync(HttpMethod.Post, "/api/risks", Alex, new
        {
            aiSystemId = "demo-credit-scoring",
            title = "Drift unnoticed between retrainings",
            category = "ModelDrift",
            source = "Model",
            likelihood = 4,
            impact = 4,
            treatment = "Mitigate",
            treatmentPlan = "Monitor drift weekly and retrain on breach",
            actions = new[]
            {
                new { description = "Set up the drift dashboard", ownerObjectId = Lynne, dueDate = "2027-01-06" },
                new { description = "Write the retraining runbook", ownerObjectId = Megan, dueDate = "2027-01-24" },
            },
            controls = new[] { "A.6.2.6" },
            residualLikelihood = 2,
            residualImpact = 3,
            ownerObjectId = Patti,
        });
        Assert.True(created == HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("risk").GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Post, $"/api/risks/{id}/submit", Alex)).Status);
        var (approved, decided) = await _host.SendAsync(HttpMethod.Post, $"/api/risks/{id}/decisions", Patti, new { outcome = "Approved" });
        Assert.True(approved == HttpStatusCode.OK, decided.ToString());
        return id;
    }
}
