using System.Diagnostics;
using System.Text.Json;
using Aims.Teams.Cards;
using Aims.Testing;

namespace Aims.Application.Tests.Cards;

/// <summary>
/// Every card of the catalog (and the cards the docs show) rendered by Microsoft's adaptivecards HTML renderer in headless
/// Chromium, without markdown processing, as a client that shows escapes verbatim would: no rendered text may hold a
/// backslash the card's own text does not (tests/cards/render-cards.mjs).
/// </summary>
public sealed class CardRenderTests
{
    /// <summary>Where the rendered cards' JSON is left for tools/card-screenshots.mjs.</summary>
    public static string CardDirectory => Path.Combine(TestEnvironment.RepoRoot, ".test-results", "cards");

    [Fact]
    public void Every_card_renders_in_chromium_with_no_backslash_its_text_does_not_hold_and_still_validates()
    {
        var cards = CardCatalogTests.AllCards().Concat(ShowcaseCards.All()).ToDictionary(c => c.Key, c => c.Value);

        var rendered = Render(cards, CardDirectory);
        var validated = CardValidator.Validate(ShowcaseCards.All());

        Assert.Equal(cards.Count, rendered.Count);
        Assert.All(rendered, r => Assert.True(r.Value.Count == 0, $"{r.Key}: {string.Join("; ", r.Value)}"));
        Assert.All(validated, r => Assert.True(r.Value.Count == 0, $"{r.Key}: {string.Join("; ", r.Value)}"));
    }

    [Fact]
    public void The_render_check_finds_a_backslash_shown_from_an_escape()
    {
        // A toggle title is never turned into a TextRun: an escape in it is shown as it is.
        var escaped = new AdaptiveCard { Body = [new ToggleInput { Id = "t", Title = CardText.Escape("**bold**") }, TextBlock.Plain("L \\ I")] };

        var dir = Path.Combine(Path.GetTempPath(), "aims-render-" + Guid.NewGuid().ToString("N"));
        Dictionary<string, IReadOnlyList<string>> rendered;
        try
        {
            rendered = Render(new Dictionary<string, AdaptiveCard> { ["escaped"] = escaped }, dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        var problem = Assert.Single(Assert.Single(rendered).Value);
        Assert.Contains("\\\\*\\\\*bold", problem, StringComparison.Ordinal); // the toggle's escapes; "L \ I" is the text's own backslash
    }

    private static Dictionary<string, IReadOnlyList<string>> Render(IReadOnlyDictionary<string, AdaptiveCard> cards, string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        foreach (var (name, card) in cards)
        {
            File.WriteAllText(Path.Combine(dir, name + ".json"), card.ToJson(indented: true));
        }

        var script = Path.Combine(TestEnvironment.RepoRoot, "tests", "cards", "render-cards.mjs");
        var start = new ProcessStartInfo("node", [script, dir]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestEnvironment.RepoRoot };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The card renderer did not finish in 2 minutes. stderr: " + stderr.Result);
        }

        var results = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')))
        {
            using var doc = JsonDocument.Parse(line);
            var name = Path.GetFileNameWithoutExtension(doc.RootElement.GetProperty("file").GetString()!);
            results[name] = [.. doc.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!)];
        }

        if (results.Count != cards.Count)
        {
            throw new InvalidOperationException($"The card renderer answered for {results.Count} of {cards.Count} cards. stderr: {stderr.Result}");
        }

        return results;
    }
}
