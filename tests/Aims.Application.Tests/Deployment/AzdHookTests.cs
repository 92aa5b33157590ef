using System.IO.Compression;
using System.Text.RegularExpressions;
using Aims.Testing;

namespace Aims.Application.Tests.Deployment;

/// <summary>
/// `azd up` runs the postprovision hook on the machine that deploys, in a clone that has never run `npm ci`. The hook's exact
/// command line, taken from azure.yaml, must build the Teams package there.
/// </summary>
public sealed partial class AzdHookTests
{
    [Fact]
    public void The_postprovision_hook_builds_the_teams_package_in_a_fresh_clone_without_node_modules()
    {
        var yaml = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "azure.yaml"));
        var command = PosixHook().Match(yaml);
        Assert.True(command.Success, "azure.yaml has no posix postprovision hook");
        var clone = FreshCopy();
        try
        {
            Assert.False(Directory.Exists(Path.Combine(clone, "node_modules")));

            var (exit, output) = Run(clone, command.Groups["run"].Value.Trim(), new Dictionary<string, string>
            {
                ["TEAMS_APP_ID"] = "3f1d2c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b",
                ["BOT_ID"] = "6c0f6b1e-0000-4000-8000-00000000b07a",
                ["BOT_DOMAIN"] = "func-aims-example.azurewebsites.net",
            });

            Assert.True(exit == 0, output);
            using var zip = ZipFile.OpenRead(Path.Combine(clone, "appPackage", "build", "aims.zip"));
            Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(clone, recursive: true);
        }
    }

    [GeneratedRegex(@"postprovision:\s*\n\s*posix:\s*\n\s*shell: sh\s*\n\s*run: (?<run>[^\n]+)")]
    private static partial Regex PosixHook();

    /// <summary>The files git tracks, as a fresh clone has them (no node_modules, no build output).</summary>
    private static string FreshCopy()
    {
        var target = Path.Combine(Path.GetTempPath(), "aims-clone-" + Guid.NewGuid().ToString("N"));
        var (exit, files) = Run(TestEnvironment.RepoRoot, "git ls-files -z", new Dictionary<string, string>());
        Assert.True(exit == 0, files);
        foreach (var file in files.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(TestEnvironment.RepoRoot, file);
            if (!File.Exists(source))
            {
                continue; // deleted in the working tree
            }

            var destination = Path.Combine(target, file);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination);
        }

        return target;
    }

    private static (int ExitCode, string Output) Run(string directory, string command, IDictionary<string, string> environment) =>
        Script.Run("sh", ["-c", command], environment, directory);
}
