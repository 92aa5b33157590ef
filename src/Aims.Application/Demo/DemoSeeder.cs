using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Demo;

/// <summary>One capability's part of the demo organisation. Each must be idempotent: a second start adds nothing.</summary>
public interface IDemoSeed
{
    string Name { get; }

    /// <summary>Seeds what is missing; returns how many items it added.</summary>
    Task<int> SeedAsync(CancellationToken cancellationToken);
}

/// <summary>Seeds the demo organisation (the local run command's data) by running every registered <see cref="IDemoSeed"/>.</summary>
public sealed class DemoSeeder(IEnumerable<IDemoSeed> seeds, ILogger<DemoSeeder> logger)
{
    public async Task<IReadOnlyDictionary<string, int>> SeedAsync(CancellationToken cancellationToken)
    {
        var added = new Dictionary<string, int>();
        foreach (var seed in seeds)
        {
            added[seed.Name] = await seed.SeedAsync(cancellationToken);
            logger.LogInformation("Demo seed {Seed}: {Added} added", seed.Name, added[seed.Name]);
        }

        return added;
    }
}

/// <summary>Runs the demo seed once the host has started (DevHost with Dev:SeedDemo=true only).</summary>
public sealed class DemoSeedOnStart(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await services.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
