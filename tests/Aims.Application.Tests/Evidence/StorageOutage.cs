using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Aims.Application.Tests.Evidence;

/// <summary>Which storage service an outage takes away.</summary>
public enum StorageService
{
    Blob,
    Queue,
    Table,
}

/// <summary>
/// Loopback proxies in front of an Azurite's blob, queue and table ports. While a service is down its proxy cuts every open
/// connection and resets new ones, so the real Azure SDK sees what it sees when an endpoint is unreachable.
/// </summary>
internal sealed partial class StorageOutage : IDisposable
{
    private readonly Dictionary<StorageService, Forwarder> _forwarders = [];

    public StorageOutage(string azuriteConnection)
    {
        var connection = azuriteConnection;
        foreach (var (service, key) in new[] { (StorageService.Blob, "BlobEndpoint"), (StorageService.Queue, "QueueEndpoint"), (StorageService.Table, "TableEndpoint") })
        {
            var match = Regex.Match(connection, key + @"=http://127\.0\.0\.1:(\d+)/");
            Assert.True(match.Success, $"{key} not found in the Azurite connection string");
            var forwarder = new Forwarder(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            _forwarders[service] = forwarder;
            connection = connection.Replace(match.Value, $"{key}=http://127.0.0.1:{forwarder.Port}/", StringComparison.Ordinal);
        }

        ConnectionString = connection;
    }

    /// <summary>The connection string that goes through the proxies.</summary>
    public string ConnectionString { get; }

    public void Down(StorageService service) => _forwarders[service].Down();

    public void Up(StorageService service) => _forwarders[service].Up();

    public void Dispose()
    {
        foreach (var f in _forwarders.Values)
        {
            f.Dispose();
        }
    }

    private sealed class Forwarder : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly ConcurrentDictionary<TcpClient, TcpClient> _open = new();
        private readonly CancellationTokenSource _stop = new();
        private volatile bool _down;

        public Forwarder(int target)
        {
            _target = target;
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Down()
        {
            _down = true;
            foreach (var (client, upstream) in _open)
            {
                Reset(client);
                upstream.Dispose();
            }

            _open.Clear();
        }

        public void Up() => _down = false;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            Down();
        }

        private static void Reset(TcpClient client)
        {
            try
            {
                if (client.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                // Closed meanwhile by its own pipe: nothing left to reset.
            }

            client.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                if (_down)
                {
                    Reset(client);
                    continue;
                }

                _ = PipeAsync(client);
            }
        }

        private async Task PipeAsync(TcpClient client)
        {
            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                _open[client] = upstream;
                var a = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
                var b = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                await Task.WhenAny(a, b);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                _open.TryRemove(client, out _);
                client.Dispose();
                upstream.Dispose();
            }
        }
    }
}
