using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Aims.Application.Tests.Hosting;

public sealed class TelemetryTests
{
    [Fact]
    public void OpenTelemetry_is_added_only_when_the_application_insights_connection_string_is_set()
    {
        var off = new ServiceCollection();
        Assert.Null(off.AddAimsTelemetry(new ConfigurationBuilder().Build(), "test"));
        Assert.DoesNotContain(off, d => d.ServiceType == typeof(TracerProvider));

        var on = new ServiceCollection();
        var settings = new Dictionary<string, string?>
        {
            [TelemetryExtensions.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        };
        Assert.NotNull(on.AddAimsTelemetry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), "test"));
        on.AddLogging();
        using var provider = on.BuildServiceProvider();
        Assert.NotNull(provider.GetService<TracerProvider>());
    }

    [Fact]
    public void Telemetry_is_sent_with_the_managed_identity_when_the_authentication_string_asks_for_entra()
    {
        Assert.Null(TelemetryExtensions.EntraCredential(null));
        Assert.Null(TelemetryExtensions.EntraCredential("Authorization=Key"));
        Assert.Equal("ManagedIdentityCredential", TelemetryExtensions.EntraCredential("Authorization=AAD")?.GetType().Name);
        Assert.Equal("ManagedIdentityCredential", TelemetryExtensions.EntraCredential("Authorization=AAD;ClientId=00000000-0000-0000-0000-000000000001")?.GetType().Name);
    }
}
