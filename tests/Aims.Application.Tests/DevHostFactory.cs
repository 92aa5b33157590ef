using Aims.Infrastructure.Storage;
using Aims.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests;

/// <summary>
/// The real DevHost in memory, against Azurite, with the demo directory. Settings can be overridden per test.
/// Each factory has tables and queues of its own (<see cref="StorageOptions.Prefix"/>): hosts of classes running in parallel on one
/// Azurite see none of each other's rows. Hosts meant to share storage pass the same <see cref="StorageOptions.PrefixName"/> setting.
/// </summary>
public sealed class DevHostFactory(string storageConnection, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public IReadOnlyList<ServiceDescriptor> Registrations { get; private set; } = [];

    /// <summary>The prefix of this host's tables and queues (a setting of the same name overrides it).</summary>
    public string StoragePrefix { get; } = "h" + Guid.NewGuid().ToString("N")[..12];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("AimsStorage", storageConnection);
        builder.UseSetting(StorageOptions.PrefixName, StoragePrefix);
        builder.UseSetting("Dev:SeedDemo", "false");
        builder.UseSetting("Dev:RunQueuesAndSchedules", "false");
        builder.UseSetting("Directory:LocalFile", Path.Combine(TestEnvironment.RepoRoot, "src", "Aims.DevHost", "demo-directory.json"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(collection =>
        {
            Registrations = collection.ToList();
            collection.AddSingleton<IStartupFilter, LoopbackCaller>();
            services?.Invoke(collection);
        });
    }
}

/// <summary>The in-memory test server has no remote address; requests in tests come from this machine, like a local caller.</summary>
internal sealed class LoopbackCaller : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
