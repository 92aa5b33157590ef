using System.Text.Json;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Teams.Cards;
using Aims.Teams.Commands;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Aims.Teams.Tests.Conversations;

public sealed class ActivityRouterTests
{
    private const string Manager = "oid-manager";
    private const string Staff = "oid-staff";
    private readonly Mock<IDirectoryClient> _directory = new();
    private readonly Mock<IChatAddressBook> _addresses = new();
    private readonly Mock<IConnectorClient> _connector = new();
    private readonly List<Activity> _sent = [];
    private readonly ServiceProvider _services;

    public ActivityRouterTests()
    {
        _directory.Setup(d => d.GetTransitiveGroupIdsAsync(Manager, It.IsAny<CancellationToken>())).ReturnsAsync(new HashSet<string> { "g-managers", "g-staff" });
        _directory.Setup(d => d.GetTransitiveGroupIdsAsync(Staff, It.IsAny<CancellationToken>())).ReturnsAsync(new HashSet<string> { "g-staff" });
        _connector.Setup(c => c.SendToConversationAsync(It.IsAny<Uri>(), It.IsAny<string>(), It.IsAny<Activity>(), It.IsAny<CancellationToken>()))
            .Callback<Uri, string, Activity, CancellationToken>((_, _, a, _) => _sent.Add(a))
            .ReturnsAsync(new ResourceResponse { Id = "sent-1" });
        var roleGroups = new RoleGroupOptions();
        roleGroups.Groups["AimsManager"] = "g-managers";
        roleGroups.Groups["Staff"] = "g-staff";
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(_directory.Object)
            .AddSingleton(_addresses.Object)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(sp => new RoleResolver(_directory.Object, roleGroups, TimeProvider.System))
            .AddSingleton<IBotCommand>(new ManagersOnlyCommand())
            .AddSingleton<ICardActionHandler>(new ThrowingAction())
            .AddSingleton<ICardActionHandler>(new RefusingFormAction())
            .AddAimsTeams()
            .BuildServiceProvider();
    }

    private IActivityHandler Router => _services.GetRequiredService<IActivityHandler>();

    private static Activity Incoming(string type, string? aadObjectId = Manager, string? text = null, string? name = null, object? value = null, string conversationType = "personal") => new()
    {
        Type = type,
        Id = "act-1",
        ServiceUrl = "http://127.0.0.1:9/_connector",
        ChannelId = "msteams",
        From = new ChannelAccount { Id = "user-id-0", Name = "Alex Wilber", AadObjectId = aadObjectId },
        Recipient = new ChannelAccount { Id = "bot-id", Name = "AIMS" },
        Conversation = new ConversationAccount { Id = "conv-1", ConversationType = conversationType, TenantId = "tenant-1" },
        Text = text,
        Name = name,
        Value = value is null ? null : JsonSerializer.SerializeToElement(value),
    };

    private Task<InvokeResponse?> HandleAsync(Activity activity) => Router.HandleAsync(new TurnContext(activity, new Uri(activity.ServiceUrl!), _connector.Object, CancellationToken.None));

    private static JsonElement CardOf(InvokeResponse? response)
    {
        Assert.NotNull(response);
        Assert.Equal(200, response!.Status);
        var body = JsonSerializer.SerializeToElement(response.Body, CardJson.Options);
        Assert.Equal(AdaptiveCard.ContentType, body.GetProperty("type").GetString());
        return body.GetProperty("value");
    }

    private static string AllText(JsonElement card) => card.GetRawText();

    [Fact]
    public async Task Help_lists_only_the_commands_the_person_may_use()
    {
        await HandleAsync(Incoming(ActivityTypes.Message, Staff, text: "HELP"));
        var staffCard = Assert.Single(_sent);
        _sent.Clear();
        await HandleAsync(Incoming(ActivityTypes.Message, Manager, text: "<at>AIMS</at> help"));
        var managerCard = Assert.Single(_sent);

        var staffJson = JsonSerializer.Serialize(staffCard.Attachments![0].Content, CardJson.Options);
        var managerJson = JsonSerializer.Serialize(managerCard.Attachments![0].Content, CardJson.Options);
        Assert.Contains("What I can do for you", staffJson, StringComparison.Ordinal);
        Assert.DoesNotContain("purge", staffJson, StringComparison.Ordinal);
        Assert.Contains("purge", managerJson, StringComparison.Ordinal);
        Assert.Equal(AdaptiveCard.ContentType, staffCard.Attachments[0].ContentType);
    }

    [Fact]
    public async Task A_command_the_person_may_not_use_is_refused_with_the_reason()
    {
        await HandleAsync(Incoming(ActivityTypes.Message, Staff, text: "purge"));

        var card = JsonSerializer.Serialize(Assert.Single(_sent).Attachments![0].Content, CardJson.Options);
        Assert.Contains("Not allowed", card, StringComparison.Ordinal);
        Assert.Contains("AimsManager", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_outage_refuses_an_elevated_command_rather_than_granting_it()
    {
        _directory.Setup(d => d.GetTransitiveGroupIdsAsync(Manager, It.IsAny<CancellationToken>())).ThrowsAsync(new DirectoryUnavailableException("Graph 503"));

        await HandleAsync(Incoming(ActivityTypes.Message, Manager, text: "purge"));

        var card = JsonSerializer.Serialize(Assert.Single(_sent).Attachments![0].Content, CardJson.Options);
        Assert.Contains("could not be confirmed", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_text_gets_a_hint_with_the_text_escaped()
    {
        await HandleAsync(Incoming(ActivityTypes.Message, Manager, text: "[x](http://evil)"));

        Assert.Contains(@"\[x\](http://evil)", Assert.Single(_sent).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_execute_action_is_routed_by_verb_and_answers_an_updated_card()
    {
        var response = await HandleAsync(Incoming(ActivityTypes.Invoke, Manager, name: "adaptiveCard/action",
            value: new { action = new { type = "Action.Execute", verb = HelpVerbs.ShowRoles, data = new { } }, trigger = "manual" }));

        var card = CardOf(response);
        Assert.Contains("Roles of Alex Wilber", AllText(card), StringComparison.Ordinal);
        Assert.Contains("AimsManager", AllText(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_press_is_traced_with_its_activity_id_verb_and_subject()
    {
        var activityId = "act-" + Guid.NewGuid().ToString("N");
        var traced = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == Aims.Core.Telemetry.AimsTelemetry.SourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (traced) traced.Add(a); },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var press = Incoming(ActivityTypes.Invoke, Manager, name: "adaptiveCard/action",
            value: new { action = new { type = "Action.Execute", verb = HelpVerbs.ShowRoles, data = new { riskId = "R-3" } }, trigger = "manual" });
        press.Id = activityId;

        var response = await HandleAsync(press);

        Assert.Contains("Roles of Alex Wilber", AllText(CardOf(response)), StringComparison.Ordinal);
        System.Diagnostics.Activity span;
        lock (traced) span = Assert.Single(traced, a => (string?)a.GetTagItem(Aims.Core.Telemetry.AimsTelemetry.ActivityIdTag) == activityId);
        Assert.Equal("teams invoke adaptiveCard/action", span.OperationName);
        Assert.Equal(ActivityTypes.Invoke, span.GetTagItem(Aims.Core.Telemetry.AimsTelemetry.ActivityTypeTag));
        Assert.Equal(HelpVerbs.ShowRoles, span.GetTagItem(Aims.Core.Telemetry.AimsTelemetry.VerbTag));
        Assert.Equal("profile:R-3", span.GetTagItem(Aims.Core.Telemetry.AimsTelemetry.SubjectTag));
    }

    [Fact]
    public async Task An_action_without_data_gets_an_error_card_not_a_failure()
    {
        var response = await HandleAsync(Incoming(ActivityTypes.Invoke, Manager, name: "adaptiveCard/action", value: new { trigger = "manual" }));

        Assert.Contains("without its data", AllText(CardOf(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_gets_an_error_card()
    {
        var response = await HandleAsync(Incoming(ActivityTypes.Invoke, Manager, name: "adaptiveCard/action",
            value: new { action = new { type = "Action.Execute", verb = "nope" } }));

        Assert.Contains("is not known", AllText(CardOf(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_action_handler_becomes_an_error_card_with_status_200()
    {
        var response = await HandleAsync(Incoming(ActivityTypes.Invoke, Manager, name: "adaptiveCard/action",
            value: new { action = new { type = "Action.Execute", verb = "test.throw" } }));

        var text = AllText(CardOf(response));
        // Honest about what may have happened: a failure can come after a write, so the card never claims nothing changed.
        Assert.Contains("Pressing again is safe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was changed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret detail", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_action_that_outlasts_the_invoke_budget_is_answered_in_time_with_a_try_again_card()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var roleGroups = new RoleGroupOptions();
        roleGroups.Groups["AimsManager"] = "g-managers";
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(_directory.Object)
            .AddSingleton(_addresses.Object)
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton(sp => new RoleResolver(_directory.Object, roleGroups, clock))
            .AddSingleton<ICardActionHandler>(new HangingAction())
            .AddAimsTeams()
            .BuildServiceProvider();
        var router = services.GetRequiredService<IActivityHandler>();
        var activity = Incoming(ActivityTypes.Invoke, Manager, name: "adaptiveCard/action", value: new { action = new { type = "Action.Execute", verb = "test.hang" } });

        var pending = router.HandleAsync(new TurnContext(activity, new Uri(activity.ServiceUrl!), _connector.Object, CancellationToken.None));
        await Task.Delay(50);
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(50);
        Assert.False(pending.IsCompleted); // still inside the budget
        clock.Advance(TimeSpan.FromSeconds(2));
        var response = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200, response!.Status);
        Assert.Contains("could not finish in time", AllText(CardOf(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_action_by_an_account_without_an_entra_id_is_refused()
    {
        var response = await HandleAsync(Incoming(ActivityTypes.Invoke, aadObjectId: null, name: "adaptiveCard/action",
            value: new { action = new { type = "Action.Execute", verb = HelpVerbs.ShowRoles } }));

        Assert.Contains("Not allowed", AllText(CardOf(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installing_in_a_personal_chat_saves_the_chat_address_and_welcomes()
    {
        ChatAddress? saved = null;
        _addresses.Setup(a => a.SaveAsync(It.IsAny<ChatAddress>(), It.IsAny<CancellationToken>())).Callback<ChatAddress, CancellationToken>((a, _) => saved = a);
        var update = Incoming(ActivityTypes.ConversationUpdate, Manager);
        update.MembersAdded = [new ChannelAccount { Id = "bot-id" }];

        await HandleAsync(update);

        Assert.NotNull(saved);
        Assert.Equal(Manager, saved!.AadObjectId);
        Assert.Equal("conv-1", saved.ConversationId);
        Assert.Equal("http://127.0.0.1:9/_connector", saved.ServiceUrl);
        Assert.Equal("user-id-0", saved.ChannelUserId);
        Assert.Equal("bot-id", saved.BotId);
        Assert.Contains("Welcome to AIMS", JsonSerializer.Serialize(Assert.Single(_sent).Attachments![0].Content, CardJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_chat_activity_does_not_overwrite_the_personal_chat_address()
    {
        await HandleAsync(Incoming(ActivityTypes.Message, Manager, text: "<at>AIMS</at> help", conversationType: "groupChat"));

        _addresses.Verify(a => a.SaveAsync(It.IsAny<ChatAddress>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("test.form.problem", "Could not do that", "Fill in the name first.")]
    [InlineData("test.form.refuse", "Not allowed", "Only the owner may submit.")]
    public async Task An_error_answers_on_the_card_it_came_from_with_its_message_and_buttons(string verb, string title, string message)
    {
        var response = await HandleAsync(Incoming(ActivityTypes.Invoke, Manager, name: "adaptiveCard/action",
            value: new { action = new { type = "Action.Execute", verb, data = new { formId = "f-1" } } }));

        var card = CardOf(response);
        var body = card.GetProperty("body");
        var top = body[0];
        Assert.Equal("Container", top.GetProperty("type").GetString());
        Assert.Equal(title, top.GetProperty("items")[0].GetProperty("text").GetString());
        Assert.Equal(message, top.GetProperty("items")[1].GetProperty("inlines")[0].GetProperty("text").GetString());
        Assert.Equal("The form", body[1].GetProperty("text").GetString());
        Assert.Equal("name", body[2].GetProperty("id").GetString());
        Assert.Equal("test.form.problem", Assert.Single(card.GetProperty("actions").EnumerateArray()).GetProperty("verb").GetString());
    }

    [Fact]
    public async Task An_error_on_a_card_that_cannot_be_rebuilt_is_answered_with_the_message_alone()
    {
        var response = await HandleAsync(Incoming(ActivityTypes.Invoke, Manager, name: "adaptiveCard/action",
            value: new { action = new { type = "Action.Execute", verb = "test.form.problem", data = new { formId = "gone" } } }));

        var card = CardOf(response);
        Assert.Equal("Could not do that", card.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.False(card.TryGetProperty("actions", out _));
    }

    private sealed class ManagersOnlyCommand : IBotCommand
    {
        public string Name => "purge";
        public string Description => "A managers-only test command";
        public IReadOnlyCollection<AimsRole> AllowedRoles => [AimsRole.AimsManager];
        public Task HandleAsync(CommandContext context, string arguments) => context.Turn.SendTextAsync("purged");
    }

    private sealed class HangingAction : ICardActionHandler
    {
        public string Verb => "test.hang";

        public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
        {
            await Task.Delay(Timeout.Infinite, context.Turn.CancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class ThrowingAction : ICardActionHandler
    {
        public string Verb => "test.throw";
        public Task<AdaptiveCard> HandleAsync(CardActionContext context) => throw new InvalidOperationException("secret detail");
    }

    /// <summary>Refuses every press; its card can be rebuilt unless the form is "gone" (then rebuilding fails).</summary>
    private sealed class RefusingFormAction : ICardActionHandler
    {
        public string Verb => "test.form.";

        public Task<AdaptiveCard> HandleAsync(CardActionContext context) => context.Verb == "test.form.refuse"
            ? throw new AccessDeniedException("Only the owner may submit.")
            : throw new CardActionException("Fill in the name first.");

        public Task<AdaptiveCard?> CardForErrorAsync(CardActionContext context) => context.Data["formId"] == "gone"
            ? throw new InvalidOperationException("the form is gone")
            : Task.FromResult<AdaptiveCard?>(new AdaptiveCard
            {
                Body = [new TextBlock { Text = "The form" }, new TextInput { Id = "name", Label = "Name" }],
                Actions = [new ExecuteAction { Title = "Submit", Verb = "test.form.problem" }],
            });
    }
}
