using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Aims.Testing;

/// <summary>Where the repository is and which Azurite the tests use.</summary>
public static class TestEnvironment
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string FindRepoRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("AIMS_REPO_ROOT");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return fromEnv;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Aims.Teams.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Aims.Teams.sln).");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Azurite for tests. <c>./aims test</c> starts one and passes its connection string in <c>AIMS_TEST_STORAGE</c>;
/// run from an IDE, the fixture starts its own from node_modules (in memory) and stops it afterwards.
/// </summary>
public sealed class AzuriteFixture : IDisposable
{
    private readonly Process? _process;

    public AzuriteFixture()
        : this(dedicated: false)
    {
    }

    /// <param name="dedicated">Start an Azurite of its own even when a shared one is given (a stack that seeds demo data must not share tables with other tests).</param>
    // Not public: xUnit refuses a class fixture with more than one public constructor.
    internal AzuriteFixture(bool dedicated)
    {
        var fromEnv = Environment.GetEnvironmentVariable("AIMS_TEST_STORAGE");
        if (!dedicated && !string.IsNullOrWhiteSpace(fromEnv))
        {
            ConnectionString = fromEnv;
            return;
        }

        var azurite = Path.Combine(TestEnvironment.RepoRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run 'npm ci' in the repository root or use './aims test'.");
        }

        int blob = TestEnvironment.FreePort(), queue = TestEnvironment.FreePort(), table = TestEnvironment.FreePort();
        _process = Process.Start(new ProcessStartInfo(azurite,
            $"--silent --inMemoryPersistence --skipApiVersionCheck --loose --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 --blobPort {blob} --queuePort {queue} --tablePort {table}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        // Generous: on a loaded machine (parallel test projects, the Playground starting) node can take a while to listen.
        WaitUntilListening([blob, queue, table], TimeSpan.FromSeconds(120));
        ConnectionString = Connection(blob, queue, table);
    }

    public string ConnectionString { get; }

    public static string Connection(int blob, int queue, int table) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";

    /// <summary>Waits until Azurite listens on every port, or throws after <paramref name="within"/>.</summary>
    internal static void WaitUntilListening(IEnumerable<int> ports, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        foreach (var port in ports)
        {
            while (!CanConnect(port))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite did not start within {within.TotalSeconds:0} s.");
                }

                Thread.Sleep(200);
            }
        }
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
