using Aims.Application.Demo;
using Aims.Application.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aims.DevHost;

/// <summary>The DevHost's stand-ins for what the Functions runtime does: route HTTP triggers, pump queues, fire timers.</summary>
public static class LocalRuntime
{
    public static IServiceCollection AddLocalFunctionsRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        // In-process integration tests drive handlers and jobs themselves; a background pump or timer would race them.
        if (configuration.GetValue("Dev:RunQueuesAndSchedules", true))
        {
            services.AddHostedService<LocalQueuePump>();
            services.AddHostedService<LocalScheduler>();
        }
        // Packs are always signed: with the Key Vault key when one is configured, else (here only) with a development key.
        services.TryAddSingleton<Aims.Core.Evidence.IPackSigner, DevelopmentPackSigner>();
        // Anonymous reporters are kept encrypted: with the Key Vault-wrapped key when configured, else (here only) a development key.
        services.TryAddSingleton<Aims.Core.Reports.IReporterIdentityKeySource, DevelopmentReporterKeySource>();
        if (configuration.GetValue("Dev:SeedDemo", false))
        {
            services.AddHostedService<DemoSeedOnStart>();
        }

        return services;
    }

    /// <summary>Maps every declaration of <see cref="ApiEndpoints.All"/> under /api, exactly as the Functions app declares them.</summary>
    public static void MapAimsRoutes(this IEndpointRouteBuilder app)
    {
        foreach (var endpoint in ApiEndpoints.All)
        {
            // Cast to Delegate so the pipeline's IResult is written to the response (a RequestDelegate would discard it).
            app.MapMethods("/api/" + endpoint.Route, [endpoint.Method], (Delegate)((HttpContext context) => EndpointPipeline.RunAsync(context, endpoint)))
                .WithName(endpoint.Name);
        }

        // The workspace also answers at /workspace locally, the short address the README gives; the same handler sets the
        // page's base to wherever it was asked for.
        var workspace = ApiEndpoints.ByName(nameof(Aims.Application.Workspace.WorkspaceEndpoints.Routes.GetWorkspace));
        app.MapMethods("/workspace/{*path}", [workspace.Method], (Delegate)((HttpContext context) => EndpointPipeline.RunAsync(context, workspace)))
            .WithName(workspace.Name + "Local");
    }
}
