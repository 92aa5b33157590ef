using System.Reflection;
using Aims.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aims.Application.Tests.Deployment;

/// <summary>Every setting the app reads is either written by Bicep or documented as optional, under the same name.</summary>
public sealed class AppSettingsTests
{
    private static readonly string Documented = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "infra", "app-settings.md"));
    private static readonly string Bicep = string.Join('\n', Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepoRoot, "infra"), "*.bicep", SearchOption.AllDirectories).Select(File.ReadAllText));

    /// <summary>
    /// Every setting of every options class the app binds to configuration, found in the app's own composition
    /// (<see cref="Extensions.AddAims"/>, which both hosts call), plus the few keys read directly.
    /// </summary>
    public static TheoryData<string> SettingsTheAppReads()
    {
        var data = new TheoryData<string>();
        foreach (var key in BoundSettings().Concat(DirectKeys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            data.Add(key);
        }

        return data;
    }

    /// <summary>Keys read without an options class (connection names, the directory provider, development switches).</summary>
    private static readonly string[] DirectKeys = ["AimsStorage", "Directory__Provider", "Directory__LocalFile", "Directory__TenantId", "Directory__ClientId", "Directory__ClientSecret", "Directory__Groups__AimsManager", "Dev__SeedDemo"];

    [Fact]
    public void Discovery_finds_the_options_the_app_binds()
    {
        var found = BoundSettings().ToList();

        // One known setting of each kind of registration, so a broken discovery cannot pass the theory above vacuously.
        Assert.Contains("Bot__AppId", found);
        Assert.Contains("Api__Audience", found);
        Assert.Contains("Risks__ReminderAfterDays", found);
        Assert.True(found.Count > 30, $"only {found.Count} settings found");
    }

    private static IEnumerable<string> BoundSettings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AimsStorage"] = "UseDevelopmentStorage=true",
            ["Directory:Provider"] = "LocalFile",
            ["Directory:LocalFile"] = Path.Combine(TestEnvironment.RepoRoot, "src", "Aims.DevHost", "demo-directory.json"),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddAims(configuration, "Settings");
        foreach (var descriptor in services.Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>)))
        {
            // Bind() registers a ConfigurationChangeTokenSource<T> holding the section it binds.
            var section = descriptor.ImplementationInstance?.GetType().GetField("_config", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(descriptor.ImplementationInstance) as IConfigurationSection;
            if (section is null)
            {
                continue;
            }

            var type = descriptor.ServiceType.GetGenericArguments()[0];
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || p.PropertyType.IsGenericType))
            {
                if (p.GetCustomAttribute<ObsoleteAttribute>() is null && p.Name != "IsDevelopmentMode")
                {
                    yield return $"{section.Path.Replace(":", "__", StringComparison.Ordinal)}__{p.Name}";
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(SettingsTheAppReads))]
    public void Each_setting_is_set_by_bicep_or_documented(string setting)
    {
        var documented = Documented.Contains($"`{setting}", StringComparison.Ordinal);
        var inBicep = Bicep.Contains($"'{setting}", StringComparison.Ordinal) || Bicep.Contains($"name: '{setting}'", StringComparison.Ordinal);

        Assert.True(documented || inBicep, $"{setting} is read by the app but neither set in infra/*.bicep nor documented in infra/app-settings.md");
    }
}
