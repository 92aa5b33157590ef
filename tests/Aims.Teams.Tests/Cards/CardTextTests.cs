using Aims.Teams.Cards;

namespace Aims.Teams.Tests.Cards;

public sealed class CardTextTests
{
    [Theory]
    [InlineData("[click](https://evil.example)", @"\[click\](https://evil.example)")]
    [InlineData("**bold** and _it_", @"\*\*bold\*\* and \_it\_")]
    [InlineData("<at>Adele Vance</at> approve", @"\<at>Adele Vance\</at> approve")]
    [InlineData("{{DATE(2025-01-01T00:00:00Z)}}", @"\{{DATE(2025-01-01T00:00:00Z)}}")]
    [InlineData("${user.name}", @"$\{user.name}")]
    [InlineData("~~gone~~", @"\~~gone\~~")]
    [InlineData("---", @"\---")]
    [InlineData("# heading", @"\# heading")]
    [InlineData("- item\n+ other", "\\- item\n\\+ other")]
    [InlineData("1. first", @"1\. first")]
    [InlineData("> quote", @"\> quote")]
    [InlineData("back\\*slash", @"back\\\*slash")]
    public void Escapes_markdown_mentions_and_functions(string input, string expected) =>
        Assert.Equal(expected, CardText.Escape(input));

    [Theory]
    [InlineData("Risk R-12 at 4.5 (high)", "Risk R-12 at 4.5 (high)")]
    [InlineData("Alex Wilber", "Alex Wilber")]
    [InlineData("61.8 %", "61.8 %")]
    [InlineData(">= 95 % (at most 0.05 > 0.04)", @"\>= 95 % (at most 0.05 > 0.04)")]
    [InlineData("bias gap >= 95 %", "bias gap >= 95 %")]
    [InlineData("L \\ I", "L \\ I")]
    [InlineData("back\\slash", "back\\slash")]
    [InlineData("2026. A year", @"2026\. A year")]
    [InlineData("2026.1", "2026.1")]
    [InlineData("a < b, c-d, #3, 1+1, {x}", "a < b, c-d, #3, 1+1, {x}")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Leaves_ordinary_text_readable(string? input, string expected) =>
        Assert.Equal(expected, CardText.Escape(input));

    [Theory]
    [InlineData("[click](https://evil.example) **b** <at>A</at> {{DATE()}} ${x}")]
    [InlineData("back\\*slash \\\\ and \\ alone\\")]
    [InlineData("# h\n- l\n1. n\n> q\n---")]
    [InlineData("61.8 % >= 95 % L \\ I")]
    public void Unescape_gives_back_the_text_that_was_escaped(string input) =>
        Assert.Equal(input, CardText.Unescape(CardText.Escape(input)));

    [Fact]
    public void Drops_control_characters_but_keeps_line_breaks() =>
        Assert.Equal("a\nb", CardText.Escape("a\u0000\n\u0007b"));

    [Fact]
    public void Facts_escape_both_title_and_value()
    {
        var fact = new Fact("[x](y)", "*v*");
        Assert.Equal(@"\[x\](y)", fact.Title);
        Assert.Equal(@"\*v\*", fact.Value);
    }

    // A right-to-left override makes "Approve risk R-1 ‮5-R" read as another id; invisible separators hide text.
    [Theory]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("R-\u200B1", "R-1")]
    [InlineData("a\u2066b\u2069c\u061Cd\uFEFFe", "abcde")]
    public void Drops_unicode_format_characters_everywhere_user_text_lands(string input, string expected)
    {
        Assert.Equal(expected, CardText.Escape(input));
        Assert.Equal(expected, CardText.Clean(input));
        Assert.Equal(expected, new TextRun { Text = input }.Text);
        Assert.Equal(expected, new Choice { Title = input, Value = "v" }.Title);
        Assert.Equal(expected, new Fact("t", input).Value);
    }

    [Fact]
    public void Keeps_the_zero_width_joiner_that_emoji_sequences_need() =>
        Assert.Equal("\U0001F469\u200D\U0001F4BB", CardText.Clean("\U0001F469\u200D\U0001F4BB"));
}
