using System.Reflection;
using System.Text.Json;
using Aims.Application.Http;
using Aims.Application.Work;
using Aims.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Hosting;

/// <summary>The DevHost must serve exactly what the Functions app serves, from the same registrations.</summary>
public sealed class HostParityTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Assembly FunctionsAssembly = typeof(Aims.Functions.Program).Assembly;

    private static readonly string[] ProductionSettings =
    [
        "--Bot:AppId=6c0f6b1e-0000-4000-8000-00000000b07a",
        "--Bot:TenantId=9188040d-6c67-4c5b-b112-36a304b66dad",
        "--Api:Audience=api://aims.example/botid-6c0f6b1e-0000-4000-8000-00000000b07a",
        "--Api:TenantId=9188040d-6c67-4c5b-b112-36a304b66dad",
    ];

    [Theory]
    [InlineData("Bot:AppId", "Bot__AppId")]
    [InlineData("Bot:TenantId", "Bot__TenantId")]
    [InlineData("Api:Audience", "Api__Audience")]
    [InlineData("Api:TenantId", "Api__TenantId")]
    public void The_functions_host_refuses_to_start_without_authentication_settings(string key, string appSetting)
    {
        string[] args = [.. ProductionSettings.Where(a => !a.StartsWith("--" + key + "=", StringComparison.Ordinal)), "--AimsStorage=UseDevelopmentStorage=true"];

        var error = Assert.Throws<InvalidOperationException>(() => Aims.Functions.Program.CreateBuilder(args));

        Assert.Contains(appSetting, error.Message, StringComparison.Ordinal);
        Assert.Contains("DevHost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_functions_host_refuses_settings_that_are_only_white_space()
    {
        string[] args = [.. ProductionSettings.Select(a => a.StartsWith("--Api:Audience=", StringComparison.Ordinal) ? "--Api:Audience= " : a)];

        Assert.Contains("Api__Audience", Assert.Throws<InvalidOperationException>(() => Aims.Functions.Program.CreateBuilder(args)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_hosts_register_the_same_application_services()
    {
        using var devHost = new DevHostFactory(azurite.ConnectionString);
        _ = devHost.Services; // builds the host, which captures its registrations
        var functions = Aims.Functions.Program.CreateBuilder([
            .. ProductionSettings,
            "--AimsStorage=" + azurite.ConnectionString,
            "--Directory:Provider=LocalFile",
            "--Directory:LocalFile=" + Path.Combine(TestEnvironment.RepoRoot, "src", "Aims.DevHost", "demo-directory.json"),
        ]);

        var devHostServices = AppServices(devHost.Registrations, except: typeof(Program).Assembly);
        var functionsServices = AppServices(functions.Services, except: FunctionsAssembly);

        Assert.NotEmpty(functionsServices);
        Assert.Contains(functionsServices, s => s.StartsWith("Aims.Application.Apis.HealthHandler", StringComparison.Ordinal));
        Assert.Equal(functionsServices, devHostServices);
    }

    [Fact]
    public void Every_http_route_has_a_functions_trigger_with_the_same_method_and_route()
    {
        var triggers = FunctionsAssembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Trigger is not null)
            .ToDictionary(x => x.Function!.Name, x => x.Trigger!);

        Assert.Equal(ApiEndpoints.All.Select(r => r.Name).Order(), triggers.Keys.Order());
        foreach (var route in ApiEndpoints.All)
        {
            var trigger = triggers[route.Name];
            Assert.Equal(route.Route, trigger.Route);
            Assert.Equal([route.Method.ToLowerInvariant()], trigger.Methods!.Select(m => m.ToLowerInvariant()));
        }
    }

    [Fact]
    public void Every_queue_and_schedule_has_a_functions_trigger()
    {
        var methods = FunctionsAssembly.GetTypes().SelectMany(t => t.GetMethods()).ToList();
        var queueTriggers = methods.SelectMany(m => m.GetParameters()).Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()).Where(a => a is not null).ToList();
        var timerTriggers = methods.SelectMany(m => m.GetParameters()).Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).Where(a => a is not null).ToList();

        Assert.Equal(AimsQueues.All.Order(), queueTriggers.Select(q => q!.QueueName).Order());
        Assert.All(queueTriggers, q => Assert.Equal("AimsStorage", q!.Connection));
        Assert.Equal(AimsSchedules.All.Values.Order(), timerTriggers.Select(t => t!.Schedule).Order());
    }

    [Fact]
    public void The_generated_function_metadata_lists_every_function()
    {
        var metadata = Path.Combine(TestEnvironment.RepoRoot, "src", "Aims.Functions", "bin", TestEnvironment.Configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(metadata), $"Build src/Aims.Functions first: {metadata} is missing.");
        using var doc = JsonDocument.Parse(File.ReadAllText(metadata));
        var names = doc.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order().ToList();

        var expected = ApiEndpoints.All.Select(r => r.Name)
            .Concat(FunctionsAssembly.GetTypes().SelectMany(t => t.GetMethods())
                .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<QueueTriggerAttribute>() is not null || p.GetCustomAttribute<TimerTriggerAttribute>() is not null))
                .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name))
            .Order()
            .ToList();
        Assert.Equal(expected, names);
    }

    /// <summary>Registrations that come from our code (service or implementation in an Aims assembly), minus the host's own adapters.</summary>
    private static List<string> AppServices(IEnumerable<ServiceDescriptor> services, Assembly except) =>
        services
            .Where(d => IsOurs(d.ServiceType) || IsOurs(d.ImplementationType) || IsOurs(d.ImplementationInstance?.GetType()))
            .Where(d => d.ImplementationType?.Assembly != except && d.ServiceType.Assembly != except)
            .Select(d => $"{d.ServiceType.FullName} <- {d.ImplementationType?.FullName ?? d.ImplementationInstance?.GetType().FullName ?? "factory"} ({d.Lifetime})")
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsOurs(Type? type) => type?.Assembly.GetName().Name?.StartsWith("Aims.", StringComparison.Ordinal) == true;
}
