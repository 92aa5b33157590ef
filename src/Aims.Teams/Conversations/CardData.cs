using System.Globalization;

namespace Aims.Teams.Conversations;

/// <summary>
/// The data of one card verb as a typed record: <see cref="Bind"/> reads it from the press's data and inputs through a
/// <see cref="CardDataReader"/>, which refuses a missing or malformed field with an error naming the field by its label.
/// </summary>
public interface ICardData<TSelf>
    where TSelf : ICardData<TSelf>
{
    static abstract TSelf Bind(CardDataReader data);
}

/// <summary>A card field missing or malformed; the person is told which field, by the label they see (or would see).</summary>
public sealed class CardFieldException(string field, string label, string message) : CardActionException(message)
{
    public string Field { get; } = field;

    public string Label { get; } = label;
}

/// <summary>Reads typed fields from a press's data and inputs; every field is named by its id and its label.</summary>
public sealed class CardDataReader(IReadOnlyDictionary<string, string?> data)
{
    /// <summary>A required text field.</summary>
    public string Required(string field, string label) =>
        data.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : throw new CardFieldException(field, label, $"The card did not send its {label}. Open a fresh card and try again.");

    /// <summary>An optional text field (an input left empty is null).</summary>
    public string? Optional(string field) =>
        data.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>A required number (a dot for decimals); missing or not a number is refused.</summary>
    public double RequiredNumber(string field, string label) =>
        double.TryParse(Required(field, label), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new CardFieldException(field, label, $"The card's {label} must be a number (use a dot for decimals).");

    /// <summary>An optional date (yyyy-MM-dd, as Input.Date sends it); present but not a date is refused.</summary>
    public DateOnly? OptionalDate(string field, string label)
    {
        if (Optional(field) is not { } text)
        {
            return null;
        }

        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CardFieldException(field, label, $"The card's {label} is not a date (yyyy-mm-dd). Open a fresh card and try again.");
    }

    /// <summary>An optional Input.Toggle (true or false); anything else is refused.</summary>
    public bool OptionalBool(string field, string label)
    {
        if (Optional(field) is not { } text)
        {
            return false;
        }

        return bool.TryParse(text.Trim(), out var value)
            ? value
            : throw new CardFieldException(field, label, $"The card's {label} is not true or false. Open a fresh card and try again.");
    }

    /// <summary>An optional choice among <paramref name="allowed"/> (ignoring case); anything else is refused.</summary>
    public string? OptionalChoice(string field, string label, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (Optional(field) is not { } text)
        {
            return null;
        }

        return allowed.FirstOrDefault(a => string.Equals(a, text.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new CardFieldException(field, label, $"The card's {label} is not one of its choices. Open a fresh card and try again.");
    }

    /// <summary>An optional whole number; present but not a number is refused.</summary>
    public int? OptionalInt(string field, string label)
    {
        if (Optional(field) is not { } text)
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new CardFieldException(field, label, $"The card's {label} is not a whole number. Open a fresh card and try again.");
    }
}

public static class CardDataExtensions
{
    /// <summary>The press's data bound to the verb's record (<see cref="ICardData{TSelf}.Bind"/>).</summary>
    public static T Bind<T>(this CardActionContext context)
        where T : ICardData<T>
    {
        ArgumentNullException.ThrowIfNull(context);
        return T.Bind(new CardDataReader(context.Data));
    }

    /// <summary>The press's data bound to <typeparamref name="T"/>, or null when a field is missing or malformed (for rebuilding a card, never for acting).</summary>
    public static T? TryBind<T>(this CardActionContext context)
        where T : class, ICardData<T>
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return T.Bind(new CardDataReader(context.Data));
        }
        catch (CardFieldException)
        {
            return null;
        }
    }
}
