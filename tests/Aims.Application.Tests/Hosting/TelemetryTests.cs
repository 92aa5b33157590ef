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
}
