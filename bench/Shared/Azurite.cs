using System.Diagnostics;
using Aims.Testing;

namespace Aims.Benchmarks;

/// <summary>
/// Azurite from node_modules on free loopback ports (benchmarks measure real storage, not in-memory fakes, and a run of their own
/// keeps other data out of the figures). Its data is on disk in a temporary directory removed afterwards, or, for benchmarks that
/// store 100,000s of rows, in Azurite's memory: on disk Azurite rewrites its whole database file every few seconds on its one
/// thread, which at that size costs more than the requests themselves.
/// </summary>
internal sealed class Azurite : IDisposable
{
    private readonly Process _process;
    private readonly string? _location;

    /// <param name="name">Names the data directory, so a left-over one says which benchmark it came from.</param>
    /// <param name="inMemory">Azurite's own in-memory persistence instead of a data directory.</param>
    /// <param name="nodeOptions">Options for Azurite's node (e.g. a larger old-space heap, or --prof), or none.</param>
    public Azurite(string name, bool inMemory = false, string? nodeOptions = null)
    {
        _location = inMemory ? null : Path.Combine(Path.GetTempPath(), $"aims-bench-{name}-" + Guid.NewGuid().ToString("N")[..8]);
        var azurite = Path.Combine(TestEnvironment.RepoRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run 'npm ci' in the repository root.");
        }

        if (_location is not null)
        {
            Directory.CreateDirectory(_location);
        }

        int blob = TestEnvironment.FreePort(), queue = TestEnvironment.FreePort(), table = TestEnvironment.FreePort();
        var arguments = $"--silent --disableTelemetry --skipApiVersionCheck --loose --disableProductStyleUrl {(_location is null ? "--inMemoryPersistence" : $"--location {_location}")} --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 --blobPort {blob} --queuePort {queue} --tablePort {table}";
        // Node's own options go before the script (V8 flags such as --prof are not allowed in NODE_OPTIONS).
        var start = nodeOptions is null
            ? new ProcessStartInfo(azurite, arguments)
            : new ProcessStartInfo("node", $"{nodeOptions} {Path.Combine(TestEnvironment.RepoRoot, "node_modules", "azurite", "dist", "src", "azurite.js")} {arguments}");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        // Nothing reads them otherwise, and a full pipe would stop Azurite's next write (and with it Azurite).
        _process.OutputDataReceived += (_, e) => Count(e.Data);
        _process.ErrorDataReceived += (_, e) => Count(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AzuriteFixture.WaitUntilListening([blob, queue, table], TimeSpan.FromSeconds(60));
        ConnectionString = AzuriteFixture.Connection(blob, queue, table);
        Ports = new Dictionary<int, string> { [blob] = "blob", [queue] = "queue", [table] = "table" };
    }

    public string ConnectionString { get; }

    private long _outputChars;
    private string? _lastOutput;

    /// <summary>How much Azurite has printed (with --silent it should print nothing), and its last line.</summary>
    public string Output => $"{Interlocked.Read(ref _outputChars)} characters{(_lastOutput is null ? string.Empty : ", last: " + _lastOutput)}";

    private void Count(string? line)
    {
        if (line is not null)
        {
            Interlocked.Add(ref _outputChars, line.Length + 1);
            _lastOutput = line;
        }
    }

    /// <summary>Processor time Azurite has used so far (it serves every request on one thread).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Azurite's resident memory now (its in-memory store holds every blob and row).</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>The most resident memory Azurite has had so far.</summary>
    public long PeakWorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    /// <summary>Which service listens on which port.</summary>
    public IReadOnlyDictionary<int, string> Ports { get; }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        if (_location is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
