namespace Aims.Teams.Cards;

/// <summary>Cards that tell a person why nothing happened.</summary>
public static class ErrorCards
{
    /// <summary>The person may not do this (role, separation of duties, not the addressee).</summary>
    public static AdaptiveCard Refused(string reason) => Build("Not allowed", reason, "Attention");

    /// <summary>The request could not be carried out (missing data, stale card, transient failure).</summary>
    public static AdaptiveCard Problem(string reason) => Build("Could not do that", reason, "Warning");

    /// <summary>
    /// The card the press came from with the message on top, so the person keeps the card and can correct and press again.
    /// </summary>
    public static AdaptiveCard OnCard(AdaptiveCard card, string reason, bool refused)
    {
        ArgumentNullException.ThrowIfNull(card);
        var title = refused ? "Not allowed" : "Could not do that";
        var message = new Container
        {
            Id = MessageId,
            Style = refused ? "attention" : "warning",
            Items =
            [
                new TextBlock { Text = title, Weight = "Bolder", Color = refused ? "Attention" : "Warning" },
                new RichTextBlock { Inlines = [new TextRun { Text = reason }] },
            ],
        };
        return new AdaptiveCard
        {
            Version = card.Version,
            FallbackText = $"{title}: {reason}",
            Speak = card.Speak,
            Body = [message, .. card.Body.Where(e => e.Id != MessageId)],
            Actions = card.Actions,
            Refresh = card.Refresh,
            MsTeams = card.MsTeams,
        };
    }

    /// <summary>The id of the message container <see cref="OnCard"/> puts on a card (a second error replaces the first).</summary>
    public const string MessageId = "aimsMessage";

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
