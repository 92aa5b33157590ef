using System.Text;

namespace Aims.Teams.Cards;

/// <summary>
/// Escapes text from users or stored data before it goes into a card: markdown cannot form links, emphasis or lists,
/// an injected <c>&lt;at&gt;</c> cannot become a mention, and <c>{{DATE()}}</c> functions cannot be triggered.
/// </summary>
public static class CardText
{
    // CommonMark lets any ASCII punctuation be backslash-escaped. These always matter: emphasis, links, code, mentions, functions.
    private const string AlwaysSpecial = "\\`*_[]<>{}~";

    // These only start a block (heading, list, quote) at the beginning of a line; escaping them elsewhere would only add noise.
    private const string LineStartSpecial = "#-+>|";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 8);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsStripped(c))
            {
                continue;
            }

            if (AlwaysSpecial.Contains(c, StringComparison.Ordinal) || (lineStart && LineStartSpecial.Contains(c, StringComparison.Ordinal)))
            {
                sb.Append('\\');
            }
            else if (lineStart && char.IsAsciiDigit(c))
            {
                // "1. item" or "1) item" at a line start is an ordered list: escape the delimiter after the digits.
                var j = i;
                while (j < text.Length && char.IsAsciiDigit(text[j]))
                {
                    j++;
                }

                if (j < text.Length && text[j] is '.' or ')')
                {
                    sb.Append(text, i, j - i).Append('\\').Append(text[j]);
                    i = j;
                    lineStart = false;
                    continue;
                }
            }

            sb.Append(c);
            if (c is '\n' or '\r')
            {
                lineStart = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                lineStart = false;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Text without control characters and without Unicode format characters (category Cf: right-to-left overrides,
    /// invisible separators) that could make a card read differently from what was stored. The zero-width joiner stays,
    /// since emoji sequences need it. For text that is never read as markdown (TextRun).
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (!text.Any(IsStripped))
        {
            return text;
        }

        return new string([.. text.Where(c => !IsStripped(c))]);
    }

    private static bool IsStripped(char c) =>
        (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
        || (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format && c != '\u200D');

    /// <summary>A count with its noun in the right number: "1 person", "3 people", "0 days".</summary>
    public static string Count(int count, string singular, string plural) =>
        count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural);

    /// <summary>Cuts text to a length that keeps cards within Teams' size limit.</summary>
    public static string Truncate(string? text, int max) =>
        string.IsNullOrEmpty(text) || text.Length <= max ? text ?? string.Empty : string.Concat(text.AsSpan(0, max - 1), "…");
}
