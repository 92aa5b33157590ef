using System.Text.Json;
using System.Text.Json.Nodes;
using Aims.Teams.Conversations;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Deployment;

/// <summary>The Teams app package: manifest against the bundled schema, icon sizes, and commands that the bot really handles.</summary>
public sealed class AppPackageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string Validator = Path.Combine(TestEnvironment.RepoRoot, "appPackage", "validate.mjs");
    private static readonly string Package = Path.Combine(TestEnvironment.RepoRoot, "appPackage");

    [Fact]
    public void The_manifest_and_icons_validate()
    {
        var (exit, output) = Script.Run("node", [Validator]);

        Assert.True(exit == 0, output);
    }

    [Fact]
    public void A_manifest_that_breaks_the_schema_fails_validation()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Package, "manifest.json")))!;
        manifest["bots"]![0]!["scopes"] = new JsonArray("everywhere");
        manifest.AsObject().Remove("name");
        var broken = Path.Combine(Path.GetTempPath(), "aims-manifest-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(broken, manifest.ToJsonString());
        try
        {
            var (exit, output) = Script.Run("node", [Validator, "--manifest", broken]);

            Assert.NotEqual(0, exit);
            Assert.Contains("FAIL", output, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public void Icons_of_the_wrong_size_fail_validation()
    {
        // The outline icon is 32x32; offering it as the 192x192 colour icon must fail.
        var (exit, output) = Script.Run("node", [Validator, "--color", Path.Combine(Package, "outline.png")]);

        Assert.NotEqual(0, exit);
        Assert.Contains("192", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_in_the_manifest_is_handled_by_the_bot_and_every_bot_command_is_listed()
    {
        var (exit, output) = Script.Run("node", [Validator, "--print-commands"]);
        Assert.True(exit == 0, output);
        var manifestCommands = JsonDocument.Parse(output[output.IndexOf('[', StringComparison.Ordinal)..]).RootElement.EnumerateArray()
            .Select(c => c.GetProperty("title").GetString()!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        using var host = new DevHostFactory(azurite.ConnectionString);
        var router = host.Services.GetRequiredService<CommandRouter>();
        var botCommands = router.Commands.Select(c => c.Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(botCommands, manifestCommands);
        Assert.All(manifestCommands, c => Assert.NotNull(router.Match(c)));
    }
}
