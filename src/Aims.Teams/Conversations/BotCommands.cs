using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Teams.Cards;

namespace Aims.Teams.Conversations;

/// <summary>A text command the bot understands (also listed in the Teams app manifest).</summary>
public interface IBotCommand
{
    /// <summary>The words that start the command, lower case ("help", "my approvals").</summary>
    string Name { get; }

    /// <summary>What the command does, for the help card and the manifest.</summary>
    string Description { get; }

    /// <summary>Example of use shown in help ("risk R-12").</summary>
    string Usage => Name;

    /// <summary>Roles that may run it; empty means anyone in the tenant.</summary>
    IReadOnlyCollection<AimsRole> AllowedRoles => [];

    Task HandleAsync(CommandContext context, string arguments);
}

/// <summary>A command invocation: the turn, the acting person and their roles at this moment.</summary>
public sealed record CommandContext(TurnContext Turn, Actor Actor, RoleAssignment Roles);

/// <summary>An Action.Execute verb the bot answers (Universal Actions).</summary>
public interface ICardActionHandler
{
    /// <summary>The verb, or a prefix ending in '.' that this handler owns ("risk." handles "risk.approve").</summary>
    string Verb { get; }

    /// <summary>Returns the card the acting user sees next (an updated card). Throw <see cref="CardActionException"/> or <see cref="AccessDeniedException"/> to refuse.</summary>
    Task<AdaptiveCard> HandleAsync(CardActionContext context);

    /// <summary>
    /// The card the press came from, rebuilt as it is now for the presser, so that a refusal or an error answers on it (the
    /// message on top) instead of replacing it. Null when it cannot be rebuilt (then the answer is the message alone).
    /// </summary>
    Task<AdaptiveCard?> CardForErrorAsync(CardActionContext context) => Task.FromResult<AdaptiveCard?>(null);
}

/// <summary>An Action.Execute press: verb, data and inputs, who pressed, and which card message it came from.</summary>
public sealed record CardActionContext(
    TurnContext Turn,
    Actor Actor,
    string Verb,
    IReadOnlyDictionary<string, string?> Data,
    bool IsRefresh)
{
    public string? ReplyToId => Turn.Activity.ReplyToId;

    // Inputs are read through the verb's record (ICardData<T>, context.Bind<T>()), which names a missing or malformed field by its label.
}

/// <summary>A card action that cannot be carried out; the message is shown to the person on an error card.</summary>
public class CardActionException(string message) : Exception(message);
