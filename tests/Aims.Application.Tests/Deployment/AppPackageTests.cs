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

    [Theory]
    [InlineData("resource", "botid-")]
    [InlineData("content", "must use https")]
    [InlineData("conversations", "conversations")]
    [InlineData("meeting", "configurableTabs configurationUrl must use https")]
    public void A_tab_that_Teams_SSO_or_the_bot_chat_would_break_fails_validation(string breakage, string expected)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Package, "manifest.json")))!;
        var tabs = manifest["staticTabs"]!.AsArray();
        switch (breakage)
        {
            case "resource":
                manifest["webApplicationInfo"]!["resource"] = "api://${{BOT_DOMAIN}}/${{BOT_ID}}";   // the tab-only form
                break;
            case "content":
                tabs.Single(t => (string?)t!["entityId"] == "workspace")!["contentUrl"] = "http://${{BOT_DOMAIN}}/workspace/";
                break;
            case "meeting":
                // The meeting side panel's setup page, served over plain HTTP, would be refused by Teams.
                manifest["configurableTabs"]![0]!["configurationUrl"] = "http://${{BOT_DOMAIN}}/api/workspace/configure";
                break;
            default:
                tabs.Remove(tabs.Single(t => (string?)t!["entityId"] == "conversations"));
                break;
        }

        var broken = Path.Combine(Path.GetTempPath(), "aims-manifest-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(broken, manifest.ToJsonString());
        try
        {
            var (exit, output) = Script.Run("node", [Validator, "--manifest", broken]);

            Assert.NotEqual(0, exit);
            Assert.Contains(expected, output, StringComparison.Ordinal);
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
