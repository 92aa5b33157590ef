using System.Text.RegularExpressions;
using Aims.Teams.Protocol;

namespace Aims.Teams.Conversations;

/// <summary>Finds the command for a message text: case-insensitive, bot @mention stripped, longest command name first.</summary>
public sealed partial class CommandRouter(IEnumerable<IBotCommand> commands)
{
    private readonly IReadOnlyList<IBotCommand> _commands = commands.OrderByDescending(c => c.Name.Length).ToList();

    public IReadOnlyList<IBotCommand> Commands => _commands;

    public (IBotCommand Command, string Arguments)? Match(string? text)
    {
        var normalised = Whitespace().Replace(text ?? string.Empty, " ").Trim();
        foreach (var command in _commands)
        {
            if (normalised.Equals(command.Name, StringComparison.OrdinalIgnoreCase))
            {
                return (command, string.Empty);
            }

            if (normalised.StartsWith(command.Name + " ", StringComparison.OrdinalIgnoreCase))
            {
                return (command, normalised[(command.Name.Length + 1)..].Trim());
            }
        }

        return null;
    }

    /// <summary>The text a person typed, without the bot's @mention (group chats and channels prefix it).</summary>
    public static string StripBotMention(Activity activity)
    {
        var text = activity.Text ?? string.Empty;
        foreach (var mention in activity.Entities ?? [])
        {
            if (string.Equals(mention.Type, "mention", StringComparison.OrdinalIgnoreCase)
                && mention.Mentioned?.Id is { } id
                && string.Equals(id, activity.Recipient?.Id, StringComparison.Ordinal)
                && !string.IsNullOrEmpty(mention.Text))
            {
                text = text.Replace(mention.Text, string.Empty, StringComparison.Ordinal);
            }
        }

        // Some clients send the mention markup without an entity: strip a leading <at>..</at> too.
        return LeadingAt().Replace(text, string.Empty).Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\s*<at>[^<]*</at>\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingAt();
}
