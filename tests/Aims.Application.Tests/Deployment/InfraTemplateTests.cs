using Aims.Testing;

namespace Aims.Application.Tests.Deployment;

/// <summary>The Bicep templates build and lint with zero warnings, with the Bicep CLI from NuGet; a broken template fails the check.</summary>
public sealed class InfraTemplateTests
{
    private static readonly string CheckScript = Path.Combine(TestEnvironment.RepoRoot, "scripts", "check-infra.sh");

    [Fact]
    public void Every_bicep_file_builds_and_lints_without_warnings()
    {
        var (exit, output) = Script.Run("bash", [CheckScript]);

        Assert.True(exit == 0, output);
        Assert.Contains("PASS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_with_an_error_or_a_warning_fails_the_check()
    {
        var copy = Script.CopyDirectory(Path.Combine(TestEnvironment.RepoRoot, "infra"));
        try
        {
            // An unused parameter is a linter warning; a reference to an undefined symbol is a compile error.
            File.AppendAllText(Path.Combine(copy, "main.bicep"), "\nparam deliberatelyUnused string = 'x'\noutput broken string = notDefinedAnywhere\n");

            var (exit, output) = Script.Run("bash", [CheckScript], new Dictionary<string, string> { ["AIMS_INFRA_DIR"] = copy });

            Assert.NotEqual(0, exit);
            Assert.Contains("notDefinedAnywhere", output, StringComparison.Ordinal);
            Assert.Contains("FAIL", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
