using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aims.Application.Work;
using Aims.Infrastructure.Storage;
using Aims.Testing;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Hosting;

public sealed class HealthTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";   // AIMS manager
    private const string Lynne = "00000000-0000-0000-0000-0000000000025";  // staff

    private static Task<HttpResponseMessage> DeepAsync(HttpClient client, string? user = Alex, string? appRoles = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/health/deep", UriKind.Relative));
        if (user is not null) request.Headers.Add("X-Aims-User", user);
        if (appRoles is not null) request.Headers.Add("X-Aims-App-Roles", appRoles);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Liveness_is_anonymous_cheap_and_says_nothing_about_the_deployment()
    {
        using var host = new DevHostFactory(azurite.ConnectionString);
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["status", "version"], JsonDocument.Parse(text).RootElement.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("devstoreaccount1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("storage", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_deep_report_needs_an_aims_manager_or_the_health_app_role()
    {
        using var host = new DevHostFactory(azurite.ConnectionString);
        using var client = host.CreateClient();

        using var anonymous = await DeepAsync(client, user: null);
        using var staff = await DeepAsync(client, Lynne);
        using var probe = await DeepAsync(client, "monitoring-probe", appRoles: "Health.Read");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [Fact]
    public async Task Health_reports_version_storage_directory_and_bot_mode()
    {
        using var host = new DevHostFactory(azurite.ConnectionString);
        using var client = host.CreateClient();

        using var response = await DeepAsync(client);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("DevHost", body.GetProperty("host").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
        var services = body.GetProperty("storage").GetProperty("services");
        Assert.Equal("ok", services.GetProperty("table").GetString());
        Assert.Equal("ok", services.GetProperty("blob").GetString());
        Assert.Equal("ok", services.GetProperty("queue").GetString());
        Assert.Equal("LocalFile", body.GetProperty("directory").GetProperty("provider").GetString());
        Assert.StartsWith("development", body.GetProperty("bot").GetProperty("authMode").GetString(), StringComparison.Ordinal);
        Assert.Contains(body.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("Bot authentication is OFF", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_answers_503_and_names_the_failing_part_when_a_queue_disappears()
    {
        // A queue only this host knows, so no other test host can create it again while the probe runs.
        var queueName = "health-" + Guid.NewGuid().ToString("N")[..12];
        using var host = new DevHostFactory(azurite.ConnectionString, services: s => s.AddStorageQueue(queueName));
        using var client = host.CreateClient();
        var queue = host.Services.GetRequiredService<StorageClients>().Queues.GetQueueClient(queueName);
        Assert.True((await queue.ExistsAsync()).Value, "the host creates its queues at start");

        await queue.DeleteAsync();
        try
        {
            using var response = await DeepAsync(client);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(["storage.queue"], body.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
            Assert.Contains(queueName, body.GetProperty("storage").GetProperty("services").GetProperty("queue").GetString(), StringComparison.Ordinal);
            Assert.Equal("ok", body.GetProperty("storage").GetProperty("services").GetProperty("table").GetString());
        }
        finally
        {
            await host.Services.GetRequiredService<StorageClients>().Queues.GetQueueClient(queueName + "-poison").DeleteIfExistsAsync();
        }
    }

    [Fact]
    public void Start_fails_with_a_message_naming_the_storage_setting_when_storage_is_unreachable()
    {
        var closed = TestEnvironment.FreePort();
        using var host = new DevHostFactory(AzuriteFixture.Connection(closed, closed, closed));

        var error = Assert.ThrowsAny<Exception>(() => host.Services);

        var message = Flatten(error);
        Assert.Contains("Storage is unreachable", message, StringComparison.Ordinal);
        Assert.Contains("'AimsStorage'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_configuration_without_a_directory_provider_refuses_to_start()
    {
        using var host = new DevHostFactory(azurite.ConnectionString, new Dictionary<string, string?> { ["Directory:Provider"] = "" });

        var error = Assert.ThrowsAny<Exception>(() => host.Services);

        Assert.Contains("Directory:Provider must be 'Graph' or 'LocalFile'", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
