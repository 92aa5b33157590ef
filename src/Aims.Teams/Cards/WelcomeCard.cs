namespace Aims.Teams.Cards;

/// <summary>Sent once when a person installs the app or first opens the chat.</summary>
public static class WelcomeCard
{
    public static AdaptiveCard Create(string? name) => new()
    {
        FallbackText = "Welcome to AIMS. Type help to see what you can do.",
        Body =
        [
            new TextBlock { Text = "Welcome to AIMS", Size = "Large", Weight = "Bolder", Style = "heading" },
            TextBlock.Plain(name is null ? "Hello." : $"Hello {name}."),
            new TextBlock { Text = "I bring the AI management system (ISO/IEC 42001) to your chat: approvals, training attestations, reviews and reports. Type **help** to see what you can do." },
        ],
        Actions = [new ExecuteAction { Title = "What can I do?", Verb = HelpVerbs.ShowHelp }],
    };
}

public static class HelpVerbs
{
    public const string ShowHelp = "help.show";
    public const string ShowRoles = "profile.roles";
}
