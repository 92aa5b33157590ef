using System.Net;
using System.Text.Json;
using Aims.Application.Demo;
using Aims.Application.Register;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Aims.Application.Tests.Register;

public sealed class CommandsAndSeedTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Systems_lists_own_systems_for_staff_and_all_for_overseers()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var name = "Nestor tool " + Guid.NewGuid().ToString("N")[..6];
        await host.CreateAsync(RegisterHost.System(name, "Ops", owner: RegisterHost.Nestor));
        await host.CreateAsync(RegisterHost.System("Not Nestor's " + Guid.NewGuid().ToString("N")[..6], "Ops", owner: RegisterHost.Patti));

        var own = await RunAsync(host, host.Services.GetServices<IBotCommand>().OfType<SystemsCommand>().Single(), RegisterHost.Nestor, [AimsRole.Staff], string.Empty);
        var all = await RunAsync(host, host.Services.GetServices<IBotCommand>().OfType<SystemsCommand>().Single(), RegisterHost.Auditor, [AimsRole.Auditor], string.Empty);

        Assert.Contains("AI systems you own", own, StringComparison.Ordinal);
        Assert.Contains(name, own, StringComparison.Ordinal);
        Assert.DoesNotContain("Not Nestor", own, StringComparison.Ordinal);
        Assert.Contains("AI systems in the register", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task System_shows_one_card_with_escaped_text()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var name = "Bold **" + Guid.NewGuid().ToString("N")[..6] + "** bot";
        var body = RegisterHost.System(name, "Ops", owner: RegisterHost.Patti);
        body["linkedRiskIds"] = new[] { "R-42" };
        body["nextReviewDate"] = "2000-01-02";
        body["lastReviewDate"] = "2000-01-01";
        var (id, _) = await host.CreateAsync(body);
        var command = host.Services.GetServices<IBotCommand>().OfType<SystemCommand>().Single();

        var card = await RunAsync(host, command, RegisterHost.Staff, [AimsRole.Staff], name.ToUpperInvariant());
        var missing = await RunAsync(host, command, RegisterHost.Staff, [AimsRole.Staff], "no such system " + Guid.NewGuid());

        Assert.Contains(id, card, StringComparison.Ordinal);
        Assert.Contains("R-42", card, StringComparison.Ordinal);
        Assert.Contains("Patti Fernandez", card, StringComparison.Ordinal);
        Assert.Contains("2000-01-02 (overdue)", card, StringComparison.Ordinal);
        // Text with markdown in it is shown as written, in a TextRun (never read as markdown), with no escape to see.
        Assert.Matches("\"type\":\"TextRun\",\"text\":\"[^\"]*" + System.Text.RegularExpressions.Regex.Escape(name), card);
        Assert.DoesNotContain("Bold \\\\*", card, StringComparison.Ordinal);
        Assert.Contains("No AI system is called", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gaps_command_is_for_overseers_and_sends_the_gaps_card()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var command = host.Services.GetServices<IBotCommand>().OfType<GapsCommand>().Single();

        var card = await RunAsync(host, command, RegisterHost.TopManager, [AimsRole.TopManagement], string.Empty);

        Assert.Equal([AimsRole.AimsManager, AimsRole.TopManagement, AimsRole.Auditor], command.AllowedRoles.Order());
        Assert.Contains("AIMS gap analysis", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_seed_is_idempotent_and_its_systems_are_valid()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var seed = host.Services.GetServices<IDemoSeed>().OfType<RegisterDemoSeed>().Single();

        await seed.SeedAsync(CancellationToken.None);
        var second = await seed.SeedAsync(CancellationToken.None);

        Assert.Equal(0, second);
        using var credit = await host.SendAsync(HttpMethod.Get, "/api/systems/demo-credit-scoring", RegisterHost.Manager);
        var creditJson = await RegisterHost.JsonAsync(credit);
        Assert.Equal("High", creditJson.GetProperty("riskClass").GetString());
        Assert.Equal(RegisterHost.Megan, creditJson.GetProperty("ownerObjectId").GetString());
        using var fraud = await host.SendAsync(HttpMethod.Get, "/api/systems/demo-fraud-rules", RegisterHost.Manager);
        Assert.True((await RegisterHost.JsonAsync(fraud)).GetProperty("retired").GetBoolean());
        var today = new DateOnly(2026, 11, 28);
        var systems = RegisterDemoSeed.Systems(today).ToList();
        Assert.True(systems.Count >= 5);
        Assert.True(systems.Select(s => s.Details.Stage).Distinct().Count() >= 4);
        Assert.All(systems, s => Assert.True(AiSystemValidator.Validate(AiSystemInput.From(s.Details), today).IsValid, s.Id));
        var soa = RegisterDemoSeed.SoaEntries(today, new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero)).ToList();
        Assert.Equal(38, soa.Count);
        Assert.Equal(2, soa.Count(e => !e.Applicable && !string.IsNullOrEmpty(e.Justification)));
        Assert.Contains(soa, e => e.Status == Core.Soa.ImplementationStatus.NotStarted && e.Applicable);
        Assert.Contains(soa, e => e.Status == Core.Soa.ImplementationStatus.Planned);
    }

    [Fact]
    public void Every_register_command_is_in_the_teams_manifest_with_the_same_description()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "appPackage", "manifest.json")));
        var listed = doc.RootElement.GetProperty("bots")[0].GetProperty("commandLists").EnumerateArray()
            .SelectMany(l => l.GetProperty("commands").EnumerateArray())
            .GroupBy(c => c.GetProperty("title").GetString()!) // a command may be listed for several scopes
            .ToDictionary(g => g.Key, g => g.Select(c => c.GetProperty("description").GetString()!).Distinct().Single());
        using var host = new RegisterHost(azurite.ConnectionString);

        foreach (var command in host.Services.GetServices<IBotCommand>().Where(c => c is SystemsCommand or SystemCommand or GapsCommand))
        {
            Assert.Equal(command.Description, listed[command.Name]);
        }
    }

    private static async Task<string> RunAsync(RegisterHost host, IBotCommand command, string user, AimsRole[] roles, string arguments) =>
        Assert.Single(await BotTurns.RunCommandAsync(command, user, roles, arguments));
}
