namespace Aims.Teams.Cards;

/// <summary>Cards that tell a person why nothing happened.</summary>
public static class ErrorCards
{
    /// <summary>The person may not do this (role, separation of duties, not the addressee).</summary>
    public static AdaptiveCard Refused(string reason) => Build("Not allowed", reason, "Attention");

    /// <summary>The request could not be carried out (missing data, stale card, transient failure).</summary>
    public static AdaptiveCard Problem(string reason) => Build("Could not do that", reason, "Warning");

    private static AdaptiveCard Build(string title, string reason, string color) => new()
    {
        FallbackText = $"{title}: {reason}",
        Body =
        [
            new TextBlock { Text = title, Weight = "Bolder", Size = "Medium", Color = color },
            // The reason is our own text but may quote user data: render it without markdown.
            new RichTextBlock { Inlines = [new TextRun { Text = reason }] },
        ],
    };
}
