using System.Text;

namespace Aims.Teams.Cards;

/// <summary>
/// Escapes text from users or stored data before it goes into a card: markdown cannot form links, emphasis or lists,
/// an injected <c>&lt;at&gt;</c> cannot become a mention, and <c>{{DATE()}}</c> functions cannot be triggered.
/// </summary>
public static class CardText
{
    // Characters that always start markdown wherever they stand: emphasis, links, code.
    private const string AlwaysSpecial = "`*_[]";

    /// <summary>
    /// Escapes only what markdown would interpret, so text with nothing to interpret is left exactly as it is ("61.8 %",
    /// "&gt;= 95 %" within a line, "L \ I"): emphasis, links and code always; a backslash before punctuation; a tag or mention
    /// opener (<c>&lt;</c> before a letter, /, ! or ?); the <c>{{</c> and <c>${</c> openers; <c>~~</c>; and at a line start a
    /// heading, quote, list bullet or list number.
    /// </summary>
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

            var next = NextKept(text, i + 1);
            var special = AlwaysSpecial.Contains(c, StringComparison.Ordinal)
                || (c == '\\' && next is { } n && IsAsciiPunctuation(n))
                || (c == '<' && next is { } t && (char.IsAsciiLetter(t) || t is '/' or '!' or '?'))
                || (c == '{' && (next == '{' || (sb.Length > 0 && sb[^1] == '$')))
                || (c == '~' && next == '~')
                || (lineStart && StartsBlock(c, next));
            if (special)
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

                if (j < text.Length && text[j] is '.' or ')' && (j + 1 == text.Length || text[j + 1] is ' ' or '\t' or '\n' or '\r'))
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
    /// The text an <see cref="Escape"/>d string stands for: every backslash before ASCII punctuation dropped (Escape only ever
    /// inserts a backslash there, and escapes a backslash of the text that stands there), so <c>Unescape(Escape(x))</c> is
    /// <see cref="Clean"/>(x).
    /// </summary>
    public static string Unescape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains('\\', StringComparison.Ordinal))
        {
            return text ?? string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && IsAsciiPunctuation(text[i + 1]))
            {
                i++;
            }

            sb.Append(text[i]);
        }

        return sb.ToString();
    }

    private static bool IsAsciiPunctuation(char c) => c is > ' ' and < (char)127 && !char.IsAsciiLetterOrDigit(c);

    /// <summary>A line starting with <paramref name="c"/> then <paramref name="next"/> is a quote, heading, list item or rule.</summary>
    private static bool StartsBlock(char c, char? next) => c switch
    {
        '>' => true,
        '#' => next is null or ' ' or '\t' or '#',
        '-' or '+' => next is null or ' ' or '\t' or '-',
        _ => false,
    };

    private static char? NextKept(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (!IsStripped(text[i]))
            {
                return text[i];
            }
        }

        return null;
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
