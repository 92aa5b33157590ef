using System.Diagnostics;
using Aims.Testing;

namespace Aims.Application.Tests.Deployment;

/// <summary>Runs a repository script and captures what it says.</summary>
internal static class Script
{
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = workingDirectory ?? TestEnvironment.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within 5 minutes.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public static string CopyDirectory(string source)
    {
        var target = Path.Combine(Path.GetTempPath(), "aims-copy-" + Guid.NewGuid().ToString("N"));
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories).Where(d => !d.Contains($"{Path.DirectorySeparatorChar}obj", StringComparison.Ordinal)))
        {
            Directory.CreateDirectory(dir.Replace(source, target, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            File.Copy(file, file.Replace(source, target, StringComparison.Ordinal));
        }

        return target;
    }
}
