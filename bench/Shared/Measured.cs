using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Aims.Benchmarks;

/// <summary>
/// What one measured run cost: wall time, the processor time of the process (on shared cores wall time also holds waiting for a
/// core), the managed heap's peak (sampled every 20 ms, garbage included), the peak working set of the process and what it allocated.
/// </summary>
internal sealed record Measurement(double Seconds, double CpuSeconds, long HeapPeakBytes, long PeakWorkingSetBytes, long AllocatedBytes, string Note)
{
    public static double Megabytes(long bytes) => bytes / 1048576.0;

    /// <summary>How much more the larger run held at its peak than the smaller one.</summary>
    public static string Growth(string what, int fromCount, Measurement from, int toCount, Measurement to) => string.Create(CultureInfo.InvariantCulture,
        $"{toCount:N0} against {fromCount:N0} {what}: time {to.Seconds / from.Seconds:0.0}x, heap peak {(double)to.HeapPeakBytes / from.HeapPeakBytes:0.00}x, peak working set {(double)to.PeakWorkingSetBytes / from.PeakWorkingSetBytes:0.00}x");

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Seconds:0.00} s ({CpuSeconds:0.00} s processor), heap peak {Megabytes(HeapPeakBytes):0.0} MB, peak working set {Megabytes(PeakWorkingSetBytes):0.0} MB, allocated {Megabytes(AllocatedBytes):0} MB");
}

/// <summary>
/// Runs the measured part of a benchmark in a child process of its own (this executable, with arguments the child recognises), so
/// its peak working set is the operation's alone, not the seeding's that came before it in the parent.
/// </summary>
internal static class Measured
{
    private const string ResultPrefix = "measurement: ";

    /// <summary>The 1, 5 and 15 minute load averages: whether the cores were shared while the figures were taken.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>In the child: times <paramref name="run"/>, samples memory meanwhile, and prints the measurement for the parent.</summary>
    public static async Task ReportAsync(Func<Task<string>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        long heapPeak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
                await Task.Delay(20, CancellationToken.None);
            }
        });
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(true);
        var sw = Stopwatch.StartNew();
        var note = await run();
        sw.Stop();
        await sampling.CancelAsync();
        await sampler;
        heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
        self.Refresh();
        var measurement = new Measurement(sw.Elapsed.TotalSeconds, (self.TotalProcessorTime - cpuBefore).TotalSeconds, heapPeak, self.PeakWorkingSet64, GC.GetTotalAllocatedBytes(true) - allocatedBefore, note);
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(measurement));
    }

    /// <summary>In the parent: runs this executable with <paramref name="arguments"/> and returns the child's measurement.</summary>
    public static async Task<Measurement> RunChildAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("No executable path to start the measured run from."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The measured run did not start.");
        var errors = child.StandardError.ReadToEndAsync();
        Measurement? result = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
            {
                result = JsonSerializer.Deserialize<Measurement>(line[ResultPrefix.Length..]);
            }
            else
            {
                Console.WriteLine("  " + line);
            }
        }

        await child.WaitForExitAsync();
        var stderr = await errors;
        if (child.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"The measured run exited with {child.ExitCode}: {stderr}");
        }

        return result;
    }
}
