using Trace = System.Diagnostics.Activity;
using System.Text.Json;
using Aims.Core.Directory;
using Aims.Core.Messaging;
using Aims.Core.Telemetry;
using Aims.Teams.Cards;
using Aims.Teams.Protocol;
using Microsoft.Extensions.Logging;

namespace Aims.Teams.Conversations;

/// <summary>
/// Routes an authenticated activity: text to commands, <c>adaptiveCard/action</c> invokes to verb handlers, the typeahead's
/// <c>application/search</c> invokes to <see cref="DirectorySearchInvoke"/>, installs and first contacts to the chat address book. A handler's failure becomes an error card, never an HTTP 500.
/// </summary>
public sealed class ActivityRouter(
    CommandRouter commands,
    IEnumerable<ICardActionHandler> actionHandlers,
    RoleResolver roles,
    IChatAddressBook addresses,
    IDirectoryClient directory,
    DirectorySearchInvoke directorySearch,
    TimeProvider time,
    ILogger<ActivityRouter> logger) : IActivityHandler
{
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    private readonly IReadOnlyList<ICardActionHandler> _actions = actionHandlers.OrderByDescending(h => h.Verb.Length).ToList();

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var activity = turn.Activity;

        // One span per incoming activity (a child of the host's request span), searchable by activity id and type.
        using var trace = AimsTelemetry.Source.StartActivity(activity.Type == ActivityTypes.Invoke ? $"teams invoke {activity.Name}" : $"teams {activity.Type}");
        trace?.SetTag(AimsTelemetry.ActivityIdTag, activity.Id);
        trace?.SetTag(AimsTelemetry.ActivityTypeTag, activity.Type);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["ActivityId"] = activity.Id, ["ActivityType"] = activity.Type });
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await RememberAddressAsync(turn);
                if (activity.Value is { ValueKind: JsonValueKind.Object } submitted && string.IsNullOrWhiteSpace(activity.Text))
                {
                    // Action.Submit fallback from older clients: same verbs, answered with a new message.
                    var card = await ExecuteActionAsync(turn, submitted, isInvoke: false);
                    await turn.SendCardAsync(card);
                    return null;
                }

                await RunCommandAsync(turn);
                return null;
            case ActivityTypes.Invoke when activity.Name == AdaptiveCardActionInvoke:
                if (activity.Value is not { ValueKind: JsonValueKind.Object } value || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
                {
                    return CardResponse(ErrorCards.Problem("This card action arrived without its data. Open a fresh card and try again."));
                }

                var isRefresh = value.TryGetProperty("trigger", out var trigger) && trigger.ValueKind == JsonValueKind.String && trigger.GetString() == "automatic";
                return CardResponse(await ExecuteActionAsync(turn, action, isInvoke: true, isRefresh));
            case ActivityTypes.Invoke when activity.Name == DirectorySearchInvoke.Name:
                return await directorySearch.HandleAsync(turn);
            case ActivityTypes.Invoke:
                logger.LogInformation("Invoke {InvokeName} has no handler", activity.Name);
                return new InvokeResponse(501, new { error = $"'{activity.Name}' is not supported by this app." });
            case ActivityTypes.ConversationUpdate:
            case ActivityTypes.InstallationUpdate:
                await OnInstallOrMembersAsync(turn);
                return null;
            default:
                return null;
        }
    }

    private async Task RunCommandAsync(TurnContext turn)
    {
        if (turn.Actor is null)
        {
            await turn.SendTextAsync("I can only work with people signed in with a work account of this organisation.");
            return;
        }

        var text = CommandRouter.StripBotMention(turn.Activity);
        var match = commands.Match(text);
        if (match is null)
        {
            await turn.SendTextAsync($"I did not understand \"{CardText.Escape(CardText.Truncate(text, 80))}\". Type **help** to see what you can do.");
            return;
        }

        var (command, arguments) = match.Value;
        Trace.Current?.SetTag(AimsTelemetry.CommandTag, command.Name);
        try
        {
            var assignment = command.AllowedRoles.Count == 0
                ? await roles.GetRolesAsync(turn.Actor.ObjectId, RoleFreshness.LastKnownAllowed, turn.CancellationToken)
                : await roles.RequireAsync(turn.Actor.ObjectId, command.AllowedRoles, $"use '{command.Name}'", turn.CancellationToken);
            if (assignment.IsStale)
            {
                logger.LogWarning("Roles of {ObjectId} are the last known ones (directory unavailable) for command {Command}", turn.Actor.ObjectId, command.Name);
            }

            await command.HandleAsync(new CommandContext(turn, turn.Actor, assignment), arguments);
        }
        catch (AccessDeniedException ex)
        {
            await turn.SendCardAsync(ErrorCards.Refused(ex.Message));
        }
        catch (DirectoryUnavailableException ex)
        {
            logger.LogWarning(ex, "Directory unavailable for command {Command}", command.Name);
            await turn.SendCardAsync(ErrorCards.Problem("The organisation directory cannot be reached right now, so I cannot check your roles. Try again in a few minutes."));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Command {Command} failed for {ObjectId}", command.Name, turn.Actor.ObjectId);
            await turn.SendCardAsync(ErrorCards.Problem($"Something went wrong while running '{command.Name}'. The problem was logged (activity {turn.Activity.Id})."));
        }
    }

    private async Task<AdaptiveCard> ExecuteActionAsync(TurnContext turn, JsonElement action, bool isInvoke, bool isRefresh = false)
    {
        var verb = action.TryGetProperty("verb", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var source = action;
        if (!isInvoke)
        {
            verb = action.TryGetProperty("verb", out var sv) && sv.ValueKind == JsonValueKind.String ? sv.GetString() : null;
        }
        else if (action.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            source = d;
        }

        if (string.IsNullOrWhiteSpace(verb))
        {
            return ErrorCards.Problem("This card action has no verb. Open a fresh card and try again.");
        }

        if (turn.Actor is null)
        {
            return ErrorCards.Refused("Only people signed in with a work account of this organisation can act on this card.");
        }

        var handler = _actions.FirstOrDefault(h => h.Verb.EndsWith('.') ? verb.StartsWith(h.Verb, StringComparison.Ordinal) : h.Verb == verb);
        if (handler is null)
        {
            return ErrorCards.Problem($"This card's action '{CardText.Escape(verb)}' is not known (the card may be from an older version of the app).");
        }

        var data = ReadData(source);
        var subject = Subject(verb, data);
        Trace.Current?.SetTag(AimsTelemetry.VerbTag, verb);
        Trace.Current?.SetTag(AimsTelemetry.SubjectTag, subject);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["Verb"] = verb, ["Subject"] = subject });
        using var deadline = new CancellationTokenSource(InvokeBudget, time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(turn.CancellationToken, deadline.Token);
        var context = new CardActionContext(turn.WithCancellation(budget.Token), turn.Actor, verb, data, isRefresh);
        try
        {
            return await handler.HandleAsync(context);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !turn.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Card action {Verb} for {ObjectId} ran out of its {Budget} budget", verb, turn.Actor.ObjectId, InvokeBudget);
            return ErrorCards.Problem(TimedOutMessage);
        }
        catch (AccessDeniedException ex)
        {
            logger.LogWarning("Card action {Verb} refused for {ObjectId}: {Reason}", verb, turn.Actor.ObjectId, ex.Message);
            return await OnItsCardAsync(handler, context, ex.Message, refused: true) ?? ErrorCards.Refused(ex.Message);
        }
        catch (CardActionException ex)
        {
            return await OnItsCardAsync(handler, context, ex.Message, refused: false) ?? ErrorCards.Problem(ex.Message);
        }
        catch (DirectoryUnavailableException ex)
        {
            logger.LogWarning(ex, "Directory unavailable for card action {Verb}", verb);
            return ErrorCards.Refused("Your roles could not be confirmed with the directory right now, so nothing was changed. Try again in a few minutes.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Card action {Verb} failed for {ObjectId}", verb, turn.Actor.ObjectId);
            return ErrorCards.Problem($"Something went wrong. Pressing again is safe: a repeated press is recorded once, and what was saved stays. The problem was logged (activity {turn.Activity.Id}).");
        }
    }

    /// <summary>
    /// The card the press came from with the message on it (an error keeps its card), or null when the handler cannot rebuild
    /// it; a failure to rebuild only loses the card, never the message.
    /// </summary>
    private async Task<AdaptiveCard?> OnItsCardAsync(ICardActionHandler handler, CardActionContext context, string message, bool refused)
    {
        if (context.Turn.CancellationToken.IsCancellationRequested)
        {
            return null;
        }

        try
        {
            return await handler.CardForErrorAsync(context) is { } card ? ErrorCards.OnCard(card, message, refused) : null;
        }
        catch (OperationCanceledException)
        {
            // The answer's budget ran out while rebuilding: the message alone still goes back in time.
            return null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The card of {Verb} could not be rebuilt for its error message", context.Verb);
            return null;
        }
    }

    /// <summary>Teams waits 15 s for an invoke; the answer must leave well before that.</summary>
    internal static readonly TimeSpan InvokeBudget = TimeSpan.FromSeconds(10);

    internal const string TimedOutMessage =
        "The app could not finish in time (storage or the directory is slow to answer). Pressing again is safe: a repeated press is recorded once, and what was saved stays.";

    /// <summary>What a press is about, for traces and logs: the card's subject or id field, prefixed with the verb's capability (e.g. <c>risk:R-3</c>).</summary>
    private static string? Subject(string verb, Dictionary<string, string?> data)
    {
        if (data.GetValueOrDefault("subject") is { Length: > 0 } subject)
        {
            return subject;
        }

        var id = data.GetValueOrDefault("id") ?? data.FirstOrDefault(p => p.Key.EndsWith("Id", StringComparison.Ordinal) && !string.IsNullOrEmpty(p.Value)).Value;
        var capability = verb.Split('.', 2)[0];
        return id is { Length: > 0 } ? $"{capability}:{id}" : null;
    }

    private static Dictionary<string, string?> ReadData(JsonElement data)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in data.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => property.Value.GetRawText(),
            };
        }

        return result;
    }

    private async Task OnInstallOrMembersAsync(TurnContext turn)
    {
        var activity = turn.Activity;
        var botAdded = activity.Type == ActivityTypes.InstallationUpdate
            ? activity.Action is null or "add" or "add-upgrade"
            : activity.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true;
        if (activity.Type == ActivityTypes.InstallationUpdate && activity.Action is "remove" or "remove-upgrade")
        {
            return;
        }

        await RememberAddressAsync(turn);
        if (botAdded && activity.Conversation?.ConversationType is "channel" or "groupChat")
        {
            await RememberRosterAsync(turn);
        }

        if (activity.Type == ActivityTypes.ConversationUpdate && botAdded && activity.Conversation?.ConversationType is null or "personal")
        {
            await turn.SendCardAsync(WelcomeCard.Create(await DisplayNameAsync(turn)));
        }
    }

    /// <summary>The person's name: install events often carry only the object id, so the directory names them.</summary>
    private async Task<string?> DisplayNameAsync(TurnContext turn)
    {
        if (turn.Actor is null)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(turn.Activity.From?.Name))
        {
            return turn.Activity.From.Name;
        }

        try
        {
            return (await directory.GetUserAsync(turn.Actor.ObjectId, turn.CancellationToken))?.DisplayName;
        }
        catch (DirectoryUnavailableException)
        {
            return null;
        }
    }

    /// <summary>A team or group chat the app was added to: its roster lets the bot reach members who never wrote to it.</summary>
    private async Task RememberRosterAsync(TurnContext turn)
    {
        var a = turn.Activity;
        var teamId = a.ChannelData is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("team", out var team)
            && team.ValueKind == JsonValueKind.Object && team.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
        var conversationId = teamId ?? a.Conversation?.Id;
        if (conversationId is null || a.TenantId is null || a.Recipient?.Id is null)
        {
            return;
        }

        try
        {
            await addresses.SaveRosterSourceAsync(new RosterSource(conversationId, turn.ServiceUrl.OriginalString, a.TenantId, a.Recipient.Id, teamId is null ? "groupChat" : "team", time.GetUtcNow()), turn.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not save the roster source {ConversationId}", conversationId);
        }
    }

    /// <summary>Saves where this person can be reached in a 1:1 chat (only personal conversations qualify).</summary>
    private async Task RememberAddressAsync(TurnContext turn)
    {
        var a = turn.Activity;
        var personal = a.Conversation?.ConversationType is null or "personal" && a.Conversation?.IsGroup != true;
        if (!personal || turn.Actor is null || a.From?.Id is null || a.TenantId is null || a.Recipient?.Id is null)
        {
            return;
        }

        try
        {
            await addresses.SaveAsync(new ChatAddress(turn.Actor.ObjectId, a.From.Id, a.From.Name, a.Conversation!.Id!, turn.ServiceUrl.OriginalString, a.TenantId, a.Recipient.Id, time.GetUtcNow()), turn.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Failing to remember an address must not fail the person's request.
            logger.LogWarning(ex, "Could not save the chat address of {ObjectId}", turn.Actor.ObjectId);
        }
    }

    private static InvokeResponse CardResponse(AdaptiveCard card) =>
        new(200, new Dictionary<string, object> { ["statusCode"] = 200, ["type"] = AdaptiveCard.ContentType, ["value"] = card });
}
