using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Aims.Benchmarks;

/// <summary>The storage the sender instances share: AIMS_BENCH_STORAGE, or an in-memory Azurite from the repository's node_modules.</summary>
internal sealed class BenchAzurite : IDisposable
{
    private readonly Process? _process;

    private BenchAzurite(string connectionString, Process? process) => (ConnectionString, _process) = (connectionString, process);

    public string ConnectionString { get; }

    public static BenchAzurite Start()
    {
        if (Environment.GetEnvironmentVariable("AIMS_BENCH_STORAGE") is { Length: > 0 } given)
        {
            return new BenchAzurite(given, null);
        }

        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Aims.Teams.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run the benchmark inside the repository (node_modules/.bin/azurite) or set AIMS_BENCH_STORAGE.");
        }

        var table = FreePort();
        var process = Process.Start(new ProcessStartInfo(Path.Combine(root, "node_modules", ".bin", "azurite-table"), $"--silent --inMemoryPersistence --skipApiVersionCheck --loose --tableHost 127.0.0.1 --tablePort {table}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!CanConnect(table))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Azurite did not start within 30 s.");
            }

            Thread.Sleep(200);
        }

        return new BenchAzurite(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;", process);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
    }
}
