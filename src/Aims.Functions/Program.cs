using Aims.Application;
using Aims.Application.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;

namespace Aims.Functions;

public static class Program
{
    public static void Main(string[] args) => CreateBuilder(args).Build().Run();

    /// <summary>The Functions app's composition; the triggers in this project only adapt to application code.</summary>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        ProductionAuthentication.Require(builder.Configuration, "Functions");
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddAims(builder.Configuration, "Functions");

        // With APPLICATIONINSIGHTS_CONNECTION_STRING set: OpenTelemetry to Application Insights, with the worker's own spans
        // joined to the host's (host.json telemetryMode OpenTelemetry).
        builder.Services.AddAimsTelemetry(builder.Configuration, "Functions")?.UseFunctionsWorkerDefaults();
        return builder;
    }
}
