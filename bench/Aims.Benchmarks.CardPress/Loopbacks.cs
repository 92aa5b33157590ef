using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Aims.Teams.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Aims.Benchmarks.CardPress;

/// <summary>
/// The Bot Connector on loopback: records every call (method, path, card), answers sends with a new activity id and updates with
/// the id updated, after <see cref="Delay"/>.
/// </summary>
internal sealed partial class FakeConnector : IAsyncDisposable
{
    public const string TitlePrefix = "Card press bench";

    private readonly LoopbackServer _server;
    private readonly ConcurrentDictionary<string, string> _sentRisk = new(StringComparer.Ordinal);
    private int _sent;

    private FakeConnector(LoopbackServer server) => _server = server;

    public TimeSpan Delay { get; set; }

    public Uri BaseAddress => _server.BaseAddress;

    public IReadOnlyCollection<RecordedRequest> Calls => _server.Requests;

    public static async Task<FakeConnector> StartAsync()
    {
        var connector = new FakeConnector(await LoopbackServer.StartAsync());
        connector._server.Handler = connector.HandleAsync;
        return connector;
    }

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        var match = ActivityPath().Match(request.Path);
        if (!match.Success || request.Method is not ("POST" or "PUT"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        string id;
        if (request.Method == "POST")
        {
            id = "m-" + Interlocked.Increment(ref _sent).ToString(CultureInfo.InvariantCulture);
            if (RiskOf(request) is { } risk)
            {
                _sentRisk[id] = risk;
            }
        }
        else
        {
            id = Uri.UnescapeDataString(match.Groups["activity"].Value);
        }

        await context.Response.WriteAsJsonAsync(new { id });
    }

    /// <summary>Per risk, the calls since <paramref name="from"/>: exactly once is one replacement of the card copy sent for that risk and one new message.</summary>
    public Delivery Count(IEnumerable<string> riskIds, int from)
    {
        var calls = Calls.Skip(from).ToList();
        var histogram = new Dictionary<string, int>(StringComparer.Ordinal);
        int once = 0, duplicated = 0, missing = 0;
        var byRisk = calls.GroupBy(c => RiskOf(c) ?? "?").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var risk in riskIds)
        {
            var mine = byRisk.GetValueOrDefault(risk) ?? [];
            var updates = mine.Where(c => c.Method == "PUT").ToList();
            var sends = mine.Count(c => c.Method == "POST");
            var rightCopy = updates.All(u => _sentRisk.TryGetValue(Uri.UnescapeDataString(ActivityPath().Match(u.Path).Groups["activity"].Value), out var r) && r == risk);
            var key = $"{updates.Count} update + {sends} send{(rightCopy ? "" : " (a wrong copy)")}";
            histogram[key] = histogram.GetValueOrDefault(key) + 1;
            if (updates.Count == 1 && sends == 1 && rightCopy)
            {
                once++;
            }
            else if (updates.Count > 1 || sends > 1)
            {
                duplicated++;
            }
            else
            {
                missing++;
            }
        }

        return new Delivery(once, duplicated, missing, histogram);
    }

    /// <summary>Calls since <paramref name="from"/> that carry the card of one of <paramref name="riskIds"/>.</summary>
    public int CallsFor(IEnumerable<string> riskIds, int from)
    {
        var ids = riskIds.ToHashSet(StringComparer.Ordinal);
        return Calls.Skip(from).Count(c => RiskOf(c) is { } risk && ids.Contains(risk));
    }

    private static string? RiskOf(RecordedRequest request) => CardTitle().Match(request.Body) is { Success: true } m ? m.Groups["risk"].Value : null;

    [GeneratedRegex(@"/v3/conversations/(?<conversation>[^/]+)/activities(/(?<activity>[^/]+))?$")]
    private static partial Regex ActivityPath();

    [GeneratedRegex(@"(?<risk>R-\d+): " + TitlePrefix + @" \d+")]
    private static partial Regex CardTitle();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>
/// Microsoft Graph on loopback, answering recorded responses (Recorded/*.json, in the shape Graph returns) for the benchmark's
/// people: every owner and submitter is a risk owner; nobody has a manager; group member listings are empty.
/// </summary>
internal sealed partial class RecordedGraph : IAsyncDisposable
{
    public const string RiskOwners = "g-risk-owners";

    private static readonly string Recorded = Path.Combine(AppContext.BaseDirectory, "Recorded");
    private readonly LoopbackServer _server;
    private readonly Dictionary<string, string> _files = Directory.GetFiles(Recorded, "*.json").ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);

    private RecordedGraph(LoopbackServer server) => _server = server;

    public Uri BaseAddress => _server.BaseAddress;

    public int Requests => _server.Requests.Count;

    public static string Owner(int n) => $"0a000000-0000-4000-8000-{n:D12}";

    public static string Submitter(int n) => $"0b000000-0000-4000-8000-{n:D12}";

    public static string DisplayName(string objectId) =>
        (objectId.StartsWith("0a", StringComparison.Ordinal) ? "Owner " : "Submitter ") + long.Parse(objectId.AsSpan(24), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    public static async Task<RecordedGraph> StartAsync()
    {
        var graph = new RecordedGraph(await LoopbackServer.StartAsync());
        graph._server.Handler = graph.HandleAsync;
        return graph;
    }

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        var path = request.Path;
        var user = UserPath().Match(path);
        var known = user.Success && (user.Groups["id"].Value.StartsWith("0a000000-", StringComparison.Ordinal) || user.Groups["id"].Value.StartsWith("0b000000-", StringComparison.Ordinal));
        var (status, file, id) = path switch
        {
            _ when user.Success && !known => (404, "error-404.json", user.Groups["id"].Value),
            _ when user.Success && user.Groups["rest"].Value.StartsWith("/transitiveMemberOf", StringComparison.Ordinal) => (200, "transitive-groups.json", user.Groups["id"].Value),
            _ when user.Success && user.Groups["rest"].Value.StartsWith("/manager", StringComparison.Ordinal) => (404, "error-404.json", user.Groups["id"].Value + "/manager"),
            _ when user.Success && user.Groups["rest"].Value.Length == 0 => (200, "user.json", user.Groups["id"].Value),
            _ when path.StartsWith("/v1.0/groups/", StringComparison.Ordinal) => (200, "group-members.json", string.Empty),
            _ => (404, "error-404.json", path),
        };
        var name = known ? DisplayName(id) : id;
        var body = _files[file]
            .Replace("{{id}}", id, StringComparison.Ordinal)
            .Replace("{{displayName}}", name, StringComparison.Ordinal)
            .Replace("{{mail}}", name.Replace(' ', '.') + "@contoso.onmicrosoft.com", StringComparison.Ordinal)
            .Replace("{{groupId}}", RiskOwners, StringComparison.Ordinal);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["request-id"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(body);
    }

    [GeneratedRegex(@"^/v1\.0/users/(?<id>[^/]+)(?<rest>/.*)?$")]
    private static partial Regex UserPath();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
