using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Aims.Benchmarks.CardPress;

/// <summary>Counts the process's outgoing HTTP requests per server port (the runtime's http.client.request.duration metric).</summary>
internal sealed class HttpRequests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<int, int> _byPort = new();

    public HttpRequests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "server.port" && tag.Value is int port)
                {
                    _byPort.AddOrUpdate(port, 1, (_, n) => n + 1);
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyDictionary<int, int> Snapshot() => new Dictionary<int, int>(_byPort);

    public void Dispose() => _listener.Dispose();
}
