using System.Diagnostics;
using System.Text.Json;
using Aims.Teams.Cards;
using Aims.Testing;

namespace Aims.Application.Tests.Cards;

/// <summary>Runs Microsoft's adaptivecards library (npm) over card JSON files: tests/cards/validate-cards.mjs.</summary>
public static class CardValidator
{
    /// <summary>Teams' limit is about 100 KB per message; we keep every card under 28 KB, which also fits webhooks.</summary>
    public const int MaxCardBytes = 28 * 1024;

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Validate(IReadOnlyDictionary<string, AdaptiveCard> cards)
    {
        var dir = Path.Combine(Path.GetTempPath(), "aims-cards-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var (name, card) in cards)
            {
                File.WriteAllText(Path.Combine(dir, name + ".json"), card.ToJson(indented: true));
            }

            var script = Path.Combine(TestEnvironment.RepoRoot, "tests", "cards", "validate-cards.mjs");
            var start = new ProcessStartInfo("node", [script, dir]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestEnvironment.RepoRoot };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var results = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')))
            {
                using var doc = JsonDocument.Parse(line);
                var name = Path.GetFileNameWithoutExtension(doc.RootElement.GetProperty("file").GetString()!);
                results[name] = doc.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
            }

            if (results.Count != cards.Count)
            {
                throw new InvalidOperationException($"The card validator answered for {results.Count} of {cards.Count} cards. stderr: {stderr}");
            }

            return results;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
