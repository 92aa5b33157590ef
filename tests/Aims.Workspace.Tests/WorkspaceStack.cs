using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aims.Testing;

namespace Aims.Workspace.Tests;

/// <summary>
/// The DevHost as <c>./aims dev</c> runs it, as its own process with the demo organisation (<c>Dev__SeedDemo=true</c>) on an
/// Azurite of its own, and the workspace it serves. <see cref="RunBrowserAsync"/> drives the page with tests/workspace/drive.mjs.
/// </summary>
public sealed class WorkspaceStack : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new(dedicated: true);
    private readonly StringBuilder _log = new();
    private Process? _devHost;

    public string BaseUrl { get; private set; } = string.Empty;

    public string DevHostLog { get { lock (_log) { return _log.ToString(); } } }

    public async Task InitializeAsync()
    {
        var port = TestEnvironment.FreePort();
        var dll = Path.Combine(TestEnvironment.RepoRoot, "src", "Aims.DevHost", "bin", TestEnvironment.Configuration, "net10.0", "Aims.DevHost.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["AimsStorage"] = _azurite.ConnectionString;
        start.Environment["Dev__SeedDemo"] = "true";
        // Cards link to this DevHost's workspace, as appsettings.json does for :3978.
        start.Environment["Workspace__BaseUrl"] = $"http://127.0.0.1:{port}/workspace/";
        _devHost = new Process { StartInfo = start };
        _devHost.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _devHost.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _devHost.Start();
        _devHost.BeginOutputReadLine();
        _devHost.BeginErrorReadLine();
        BaseUrl = $"http://127.0.0.1:{port}";

        // Healthy first, then seeded: the demo seed runs in the background after start.
        using var alex = Api(DemoPeople.AlexWilber);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                var risks = await alex.GetFromJsonAsync<JsonElement>(new Uri("api/risks", UriKind.Relative));
                var versions = await alex.GetFromJsonAsync<JsonElement>(new Uri("api/soa", UriKind.Relative));
                if (risks.GetProperty("items").GetArrayLength() > 0 && versions.GetProperty("controls").GetArrayLength() == 38)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_devHost.HasExited) throw new InvalidOperationException("The DevHost exited: " + Tail(DevHostLog));
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The DevHost did not seed the demo organisation within 90 s: " + Tail(DevHostLog));
            await Task.Delay(300);
        }
    }

    /// <summary>An API client as a demo person (the development header the DevHost accepts from loopback).</summary>
    public HttpClient Api(string objectId)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        client.DefaultRequestHeaders.Add("X-Aims-User", objectId);
        return client;
    }

    /// <summary>Runs one scenario of tests/workspace/drive.mjs as <paramref name="objectId"/> and returns what it printed.</summary>
    public Task<JsonElement> RunBrowserAsync(string scenario, string objectId, string? argument = null) =>
        RunBrowserAsync(scenario, objectId, argument, environment: null, onLine: null);

    public async Task<JsonElement> RunBrowserAsync(string scenario, string objectId, string? argument, IDictionary<string, string>? environment, Func<string, StreamWriter, Task>? onLine)
    {
        var script = Path.Combine(TestEnvironment.RepoRoot, "tests", "workspace", "drive.mjs");
        var start = new ProcessStartInfo("node", [script, scenario, BaseUrl, objectId, argument ?? string.Empty])
        {
            WorkingDirectory = TestEnvironment.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stderr = node.StandardError.ReadToEndAsync();
        string? last = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await node.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (onLine is not null) await onLine(line, node.StandardInput);
            if (line.StartsWith('{')) last = line;
        }

        await node.WaitForExitAsync(timeout.Token);
        var errors = await stderr;
        Assert.True(node.ExitCode == 0 && last is not null, $"The browser scenario '{scenario}' failed (exit {node.ExitCode}): {errors}\nDevHost log tail: {Tail(DevHostLog)}");
        return JsonDocument.Parse(last!).RootElement.Clone();
    }

    public Task DisposeAsync()
    {
        if (_devHost is { HasExited: false })
        {
            _devHost.Kill(entireProcessTree: true);
            _devHost.WaitForExit(5000);
        }

        _devHost?.Dispose();
        _azurite.Dispose();
        return Task.CompletedTask;
    }

    private static string Tail(string log) => log.Length > 3000 ? log[^3000..] : log;
}
