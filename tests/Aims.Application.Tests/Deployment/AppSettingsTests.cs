using System.Reflection;
using Aims.Application.Http;
using Aims.Infrastructure.Evidence;
using Aims.Teams.Connector;
using Aims.Testing;

namespace Aims.Application.Tests.Deployment;

/// <summary>Every setting the app reads is either written by Bicep or documented as optional, under the same name.</summary>
public sealed class AppSettingsTests
{
    private static readonly string Documented = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "infra", "app-settings.md"));
    private static readonly string Bicep = string.Join('\n', Directory.EnumerateFiles(Path.Combine(TestEnvironment.RepoRoot, "infra"), "*.bicep", SearchOption.AllDirectories).Select(File.ReadAllText));

    public static TheoryData<string> SettingsTheAppReads()
    {
        var data = new TheoryData<string>();
        foreach (var (section, type) in new (string, Type)[] { ("Bot", typeof(BotOptions)), ("Api", typeof(ApiOptions)), ("Evidence", typeof(EvidenceOptions)), ("SharePoint", typeof(Aims.Infrastructure.Evidence.Mirror.SharePointMirrorOptions)), ("ManagementReview", typeof(Aims.Application.Reviews.ManagementReviewOptions)), ("ReviewCycles", typeof(Aims.Application.Reviews.ReviewCycleOptions)), ("Training", typeof(Aims.Infrastructure.Directory.TeamsAppInstallOptions)), ("RateLimit", typeof(Aims.Infrastructure.Messaging.SharedRateLimitOptions)) })
        {
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || p.PropertyType.IsGenericType))
            {
                if (p.GetCustomAttribute<ObsoleteAttribute>() is null && p.Name != "IsDevelopmentMode")
                {
                    data.Add($"{section}__{p.Name}");
                }
            }
        }

        foreach (var key in new[] { "AimsStorage", "Directory__Provider", "Directory__LocalFile", "Directory__TenantId", "Directory__ClientId", "Directory__ClientSecret", "Directory__Groups__AimsManager", "Dev__SeedDemo" })
        {
            data.Add(key);
        }

        return data;
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
