using Aims.Application.Proactive;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Teams.Cards;
using Aims.Teams.Commands;
using Aims.Teams.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Aims.Application.Tests.Cards;

/// <summary>Every kind of card the app sends, with representative (and hostile) data, checked by Microsoft's adaptivecards library.</summary>
public sealed class CardCatalogTests
{
    private const string Hostile = "Ünïcode [link](http://evil) **bold** <at>Adele</at> {{DATE(2025-01-01T00:00:00Z)}}\n# heading";

    public static Dictionary<string, AdaptiveCard> AllCards()
    {
        var actor = new Actor("oid-1", "Alex Wilber");
        var roles = new RoleAssignment("oid-1", new HashSet<AimsRole> { AimsRole.AimsManager, AimsRole.Staff }, DateTimeOffset.UtcNow, false);
        var services = new ServiceCollection()
            .AddSingleton(new RoleResolver(Mock.Of<IDirectoryClient>(), new RoleGroupOptions(), TimeProvider.System))
            .AddSingleton(Mock.Of<Core.Messaging.IChatAddressBook>())
            .AddSingleton(TimeProvider.System)
            .AddLogging()
            .AddAimsTestTeams()
            .BuildServiceProvider();
        var help = services.GetRequiredService<HelpCommand>();
        return new Dictionary<string, AdaptiveCard>
        {
            ["welcome"] = WelcomeCard.Create(Hostile),
            ["help"] = help.Build(actor, roles),
            ["roles"] = RolesCard.Build(new Actor("oid-1", Hostile), roles, DateTimeOffset.UtcNow),
            ["error-refused"] = ErrorCards.Refused(Hostile),
            ["error-problem"] = ErrorCards.Problem(Hostile),
            ["notification"] = NotificationCard.Create(Hostile, string.Concat(Enumerable.Repeat(Hostile, 40)), Hostile),
            ["audit-pack-ready"] = Aims.Application.Evidence.AuditPackReadyCard.Create(
                new Aims.Application.Evidence.AuditPackSummary(DateTimeOffset.UtcNow, 100_000, new string('a', 64), 100_000, false, ["ai-systems", "soa"]),
                new Uri("https://aims.blob.core.windows.net/exports/pack.zip?sig=abc"), DateTimeOffset.UtcNow.AddHours(1)),
            ["ledger-intact"] = Aims.Application.Evidence.LedgerVerificationCard.Create(new Core.Evidence.LedgerVerification(true, 12, new string('b', 64), null, [])),
            ["ledger-broken"] = Aims.Application.Evidence.LedgerVerificationCard.Create(new Core.Evidence.LedgerVerification(false, 500, new string('c', 64), 7,
                Enumerable.Range(7, 40).Select(i => new Core.Evidence.LedgerProblem(i, "sha256:" + new string('d', 64), Core.Evidence.LedgerProblemKind.Altered, Hostile)).ToList())),
        };
    }

    [Fact]
    public void Every_card_passes_the_official_adaptive_cards_validation()
    {
        var results = CardValidator.Validate(AllCards());

        Assert.All(results, r => Assert.True(r.Value.Count == 0, $"{r.Key}: {string.Join("; ", r.Value)}"));
    }

    [Fact]
    public void Every_card_stays_under_the_teams_size_budget()
    {
        Assert.All(AllCards(), c => Assert.True(c.Value.GetSizeInBytes() < CardValidator.MaxCardBytes, $"{c.Key} is {c.Value.GetSizeInBytes()} bytes"));
    }

    [Fact]
    public void The_validator_itself_rejects_a_broken_card()
    {
        var broken = new AdaptiveCard { Body = [new TextInput { Id = "same" }, new TextInput { Id = "same" }] };

        var results = CardValidator.Validate(new Dictionary<string, AdaptiveCard> { ["broken"] = broken });

        Assert.NotEmpty(results["broken"]);
    }

    [Fact]
    public void Every_card_builder_in_the_app_is_in_this_catalog()
    {
        // A new card type (a class named *Card or *Cards) must be added to AllCards so it gets validated.
        var builders = new[] { typeof(WelcomeCard).Assembly, typeof(NotificationCard).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Card", StringComparison.Ordinal) || t.Name.EndsWith("Cards", StringComparison.Ordinal))
            .Where(t => t != typeof(AdaptiveCard) && !t.Name.StartsWith("Adaptive", StringComparison.Ordinal))
            .Select(t => t.Name)
            .Order()
            .ToList();

        Assert.Equal(["AuditPackReadyCard", "ErrorCards", "LedgerVerificationCard", "NotificationCard", "RolesCard", "WelcomeCard"], builders);
    }
}

internal static class TestTeamsRegistration
{
    public static IServiceCollection AddAimsTestTeams(this IServiceCollection services) => Aims.Teams.Extensions.AddAimsTeams(services
        .AddSingleton(Mock.Of<Aims.Teams.Connector.IConnectorClient>())
        .AddSingleton(Mock.Of<Aims.Teams.Connector.IBotRequestAuthenticator>())
        .AddSingleton(Mock.Of<Aims.Teams.Connector.ITrustedServiceUrls>()));
}
