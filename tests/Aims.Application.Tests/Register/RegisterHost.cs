using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aims.Application.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Application.Tests.Register;

/// <summary>
/// The DevHost in memory for register tests: requests arrive from loopback (as the development-mode API requires) and
/// name their caller in X-Aims-User. Users and roles come from demo-directory.json.
/// </summary>
internal sealed class RegisterHost : IDisposable
{
    public const string Manager = "00000000-0000-0000-0000-0000000000020";     // Alex: AimsManager, RiskOwner
    public const string Megan = "00000000-0000-0000-0000-0000000000021";       // RiskOwner
    public const string TopManager = "00000000-0000-0000-0000-0000000000022";  // TopManagement
    public const string Auditor = "00000000-0000-0000-0000-0000000000023";     // Auditor
    public const string Patti = "00000000-0000-0000-0000-0000000000024";       // RiskOwner
    public const string Staff = "00000000-0000-0000-0000-0000000000025";       // Lynne: Staff only
    public const string Nestor = "00000000-0000-0000-0000-0000000000029";      // Staff only
    public const string Outsider = "00000000-0000-0000-0000-0000000000099";    // no AIMS role

    private readonly DevHostFactory _root;
    private readonly WebApplicationFactory<Program> _factory;

    /// <summary>The day every register test starts on: dates come from the host's fake clock, never the machine's.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    public RegisterHost(string storageConnection, IDictionary<string, string?>? settings = null)
    {
        // Evidence of its own: gap coverage depends on what evidence exists, and other test classes record evidence in parallel.
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var merged = new Dictionary<string, string?>
        {
            ["Evidence:Container"] = "ev" + suffix,
            ["Evidence:LedgerTable"] = "ledger" + suffix,
            ["Evidence:IndexTable"] = "index" + suffix,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        _root = new DevHostFactory(storageConnection, merged, s => s.AddSingleton<TimeProvider>(Clock));
        _factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, LoopbackFilter>()));
        Client = _factory.CreateClient();
    }

    public HttpClient Client { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public IServiceProvider Services => _factory.Services;

    public T Get<T>()
        where T : notnull => _factory.Services.GetRequiredService<T>();

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? user, object? json = null, string? ifMatch = null, string? csv = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (user is not null)
        {
            request.Headers.Add(ApiCallerResolver.DevelopmentUserHeader, user);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        if (csv is not null)
        {
            request.Content = new StringContent(csv, Encoding.UTF8, new MediaTypeHeaderValue("text/csv"));
        }

        return await Client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static string ETagOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("ETag", out var values) ? values.Single() : throw new InvalidOperationException("No ETag header.");

    /// <summary>A system body that passes validation; change fields with the returned dictionary.</summary>
    public static Dictionary<string, object?> System(string name, string businessUnit, string owner = Patti, string stage = "Development", string riskClass = "Minimal") => new()
    {
        ["name"] = name,
        ["purpose"] = "Helps with " + name,
        ["ownerObjectId"] = owner,
        ["businessUnit"] = businessUnit,
        ["stage"] = stage,
        ["ourRole"] = "Developer",
        ["modelType"] = "Classifier",
        ["dataSources"] = new[] { new { name = "Sales history", classification = "Internal" } },
        ["impactedParties"] = new[] { "Planners" },
        ["humanOversight"] = "A planner confirms each result.",
        ["autonomyLevel"] = "DecisionSupport",
        ["riskClass"] = riskClass,
        ["impactAssessmentStatus"] = "InProgress",
        ["linkedRiskIds"] = new[] { "R-1" },
    };

    public async Task<(string Id, string ETag)> CreateAsync(Dictionary<string, object?> body)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/systems", Manager, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await JsonAsync(response);
        return (json.GetProperty("id").GetString()!, ETagOf(response));
    }

    public void Dispose()
    {
        Client.Dispose();
        _factory.Dispose();
        _root.Dispose();
    }

    private sealed class LoopbackFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
