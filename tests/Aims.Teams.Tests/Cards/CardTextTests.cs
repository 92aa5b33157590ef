using Aims.Teams.Cards;

namespace Aims.Teams.Tests.Cards;

public sealed class CardTextTests
{
    [Theory]
    [InlineData("[click](https://evil.example)", @"\[click\](https://evil.example)")]
    [InlineData("**bold** and _it_", @"\*\*bold\*\* and \_it\_")]
    [InlineData("<at>Adele Vance</at> approve", @"\<at\>Adele Vance\</at\> approve")]
    [InlineData("{{DATE(2025-01-01T00:00:00Z)}}", @"\{\{DATE(2025-01-01T00:00:00Z)\}\}")]
    [InlineData("# heading", @"\# heading")]
    [InlineData("- item\n+ other", "\\- item\n\\+ other")]
    [InlineData("1. first", @"1\. first")]
    [InlineData("> quote", @"\> quote")]
    [InlineData("back\\slash", @"back\\slash")]
    public void Escapes_markdown_mentions_and_functions(string input, string expected) =>
        Assert.Equal(expected, CardText.Escape(input));

    [Theory]
    [InlineData("Risk R-12 at 4.5 (high)", "Risk R-12 at 4.5 (high)")]
    [InlineData("Alex Wilber", "Alex Wilber")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Leaves_ordinary_text_readable(string? input, string expected) =>
        Assert.Equal(expected, CardText.Escape(input));

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
}
