using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Aims.Testing;

namespace Aims.EndToEnd.Tests;

/// <summary>
/// The real local stack, as <c>./aims dev</c> runs it: Azurite, the DevHost as its own process, and the Microsoft 365
/// Agents Playground (npm) pointed at it, prepared by the same <c>tools/playground-prepare.mjs</c> (the app added to the
/// Playground's team). What the bot posts is read from the Playground's own WebSocket stream.
/// </summary>
public sealed class LocalStack : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new(dedicated: true);
    private readonly ConcurrentQueue<PlaygroundFrame> _frames = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _devHostLog = new();
    private Process? _devHost;
    private Process? _playground;
    private readonly ConcurrentQueue<string> _log = new();
    private ClientWebSocket? _socket;
    private ClientWebSocket? _logSocket;
    private Task? _reader;
    private Task? _logReader;

    public HttpClient Bot { get; private set; } = null!;
    public HttpClient Playground { get; private set; } = null!;
    public string PersonalChatId { get; private set; } = null!;
    public string StorageConnection => _azurite.ConnectionString;
    public string DevHostLog { get { lock (_devHostLog) { return _devHostLog.ToString(); } } }

    /// <summary>Calls the management API as <paramref name="user"/> (the development header) and returns the JSON answer; a refusal fails the test.</summary>
    public async Task<JsonElement> ApiAsync(HttpMethod method, string path, string user, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Aims-User", user);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await Bot.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task InitializeAsync()
    {
        var botPort = TestEnvironment.FreePort();
        var devHostDll = Path.Combine(TestEnvironment.RepoRoot, "src", "Aims.DevHost", "bin", TestEnvironment.Configuration, "net10.0", "Aims.DevHost.dll");
        var devHost = new ProcessStartInfo("dotnet", [devHostDll])
        {
            WorkingDirectory = Path.GetDirectoryName(devHostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        devHost.Environment["Urls"] = $"http://127.0.0.1:{botPort}";
        devHost.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        devHost.Environment["AimsStorage"] = _azurite.ConnectionString;
        devHost.Environment["Dev__SeedDemo"] = "true";
        _devHost = Start(devHost, _devHostLog);
        Bot = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{botPort}/") };
        await WaitUntilAsync(async () => (await Bot.GetAsync(new Uri("api/health", UriKind.Relative))).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the DevHost to become healthy");

        var playgroundPort = TestEnvironment.FreePort();
        var workDir = Path.Combine(Path.GetTempPath(), "aims-playground-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDir);
        var playground = new ProcessStartInfo(Path.Combine(TestEnvironment.RepoRoot, "node_modules", ".bin", "agentsplayground"),
            ["-p", playgroundPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-e", $"http://127.0.0.1:{botPort}/api/messages", "-c", "msteams", "--dt",
             "--service-url", $"http://127.0.0.1:{playgroundPort}/_connector"])
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        playground.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        playground.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(workDir, "playground.log");
        _playground = Start(playground, new StringBuilder());
        Playground = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{playgroundPort}/") };
        await WaitUntilAsync(async () => (await Playground.GetAsync(new Uri("_debug/ping", UriKind.Relative))).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the Agents Playground to answer");

        var config = await Playground.GetFromJsonAsync<JsonElement>(new Uri("_internal/v1/testConfig", UriKind.Relative));
        PersonalChatId = config.GetProperty("config").GetProperty("personalChat").GetProperty("id").GetString()!;

        _socket = new ClientWebSocket();
        await _socket.ConnectAsync(new Uri($"ws://127.0.0.1:{playgroundPort}/_ws_conversation/v1/conversations/stream"), _stop.Token);
        _reader = ReadFramesAsync(_socket, text => _frames.Enqueue(PlaygroundFrame.Parse(text)), _stop.Token);
        _logSocket = new ClientWebSocket();
        await _logSocket.ConnectAsync(new Uri($"ws://127.0.0.1:{playgroundPort}/_ws/log/stream"), _stop.Token);
        _logReader = ReadFramesAsync(_logSocket, _log.Enqueue, _stop.Token);
        await PrepareAsAimsDevAsync(playgroundPort, botPort);
    }

    /// <summary>What <c>./aims dev</c> does once both processes answer: <c>tools/playground-prepare.mjs</c>.</summary>
    private static async Task PrepareAsAimsDevAsync(int playgroundPort, int botPort)
    {
        var prepare = new ProcessStartInfo("node", [Path.Combine(TestEnvironment.RepoRoot, "tools", "playground-prepare.mjs"), $"http://127.0.0.1:{playgroundPort}", $"http://127.0.0.1:{botPort}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var output = new StringBuilder();
        using var process = Start(prepare, output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        process.WaitForExit(); // the output is read to its end
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tools/playground-prepare.mjs failed ({process.ExitCode}): {output}");
        }
    }

    /// <summary>Every exchange the Playground logged (its own log stream), raw.</summary>
    public IReadOnlyList<string> PlaygroundLog => _log.ToList();

    /// <summary>
    /// Waits for an activity the bot posted to any conversation, as the Playground's log stream reports it. Unlike the
    /// conversation stream (the current user's view), this also shows 1:1 chats of other people.
    /// </summary>
    public async Task<BotPost> WaitForBotPostAsync(Func<BotPost, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var found = _log.Select(BotPost.TryParse).OfType<BotPost>().FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No bot post for {what}. DevHost log tail: {Tail(DevHostLog)}");
    }

    /// <summary>Waits for a message the bot posted (or updated) that matches.</summary>
    public async Task<PlaygroundFrame> WaitForFrameAsync(Func<PlaygroundFrame, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var found = _frames.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No bot message for {what}. Frames seen: {string.Join(" | ", _frames.Select(f => f.Action + ":" + f.Raw[..Math.Min(f.Raw.Length, 200)]))}\nDevHost log tail: {Tail(DevHostLog)}");
    }

    public IReadOnlyList<PlaygroundFrame> Frames => _frames.ToList();

    public Task<HttpResponseMessage> SendTextAsync(string text, string userId = "user-id-0") =>
        Playground.PostAsJsonAsync(new Uri($"_conversation/v1/conversations/{PersonalChatId}/messages", UriKind.Relative),
            new { from = new { id = userId }, text, textFormat = "plain" });

    public async Task<JsonElement> InvokeAsync(string replyToId, string verb, object data, string userId = "user-id-0", string? conversationId = null)
    {
        using var response = await Playground.PostAsJsonAsync(new Uri("_conversation/v1/invoke", UriKind.Relative), new
        {
            name = "adaptiveCard/action",
            from = new { id = userId },
            conversation = new { id = conversationId ?? PersonalChatId },
            replyToId,
            value = new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"invoke {verb} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// An activity the Playground's client does not send itself (its invoke route knows only card actions, submits and message
    /// extensions, and its custom activity route drops the bot's answer): the Playground's own activity template for the chat,
    /// with <paramref name="shape"/>'s changes, posted to the bot's endpoint as the Playground posts activities. Returns the bot's
    /// answer (an invoke's response body).
    /// </summary>
    public async Task<JsonElement> SendAsPlaygroundAsync(Action<System.Text.Json.Nodes.JsonObject> shape, string? conversationId = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var template = await Playground.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(
            new Uri($"_internal/v1/customActivities/template?conversationId={Uri.EscapeDataString(conversationId ?? PersonalChatId)}", UriKind.Relative));
        shape(template!);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/messages", UriKind.Relative)) { Content = JsonContent.Create(template) };
        request.Headers.Add("x-ms-agents-playground", "true");
        using var response = await Bot.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"the bot answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var reader in new[] { _reader, _logReader })
        {
            if (reader is not null)
            {
                try { await reader; } catch (OperationCanceledException) { } catch (WebSocketException) { }
            }
        }

        _socket?.Dispose();
        _logSocket?.Dispose();
        Bot?.Dispose();
        Playground?.Dispose();
        Kill(_playground);
        Kill(_devHost);
        _azurite.Dispose();
        _stop.Dispose();
    }

    private static async Task ReadFramesAsync(ClientWebSocket socket, Action<string> onFrame, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (!ct.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(message.ToArray());
            message.SetLength(0);
            try
            {
                onFrame(text);
            }
            catch (JsonException)
            {
                // Not a conversation frame; ignore.
            }
        }
    }

    private static Process Start(ProcessStartInfo info, StringBuilder log)
    {
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Kill(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process?.Dispose();
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_devHost is { HasExited: true })
            {
                throw new InvalidOperationException($"The DevHost exited while waiting for {what}: {Tail(DevHostLog)}");
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Timed out waiting for {what}. DevHost log: {Tail(DevHostLog)}");
    }

    private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;
}

/// <summary>One frame of the Playground's conversation stream: a message the bot created or updated.</summary>
public sealed record PlaygroundFrame(string Action, string? ConversationId, string? MessageId, string? Text, IReadOnlyList<JsonElement> Cards, string Raw)
{
    public static PlaygroundFrame Parse(string raw)
    {
        using var doc = JsonDocument.Parse(raw);
        var root = doc.RootElement;
        var message = root.TryGetProperty("message", out var m) ? m : default;
        var cards = new List<JsonElement>();
        if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in attachments.EnumerateArray())
            {
                if (a.TryGetProperty("content", out var content))
                {
                    cards.Add(content.ValueKind == JsonValueKind.String ? JsonDocument.Parse(content.GetString()!).RootElement.Clone() : content.Clone());
                }
            }
        }

        return new PlaygroundFrame(
            root.TryGetProperty("action", out var action) ? action.GetString() ?? "" : "",
            root.TryGetProperty("actionConversationId", out var cid) ? cid.GetString() : null,
            message.ValueKind == JsonValueKind.Object && message.TryGetProperty("messageId", out var id) ? id.GetString() : null,
            message.ValueKind == JsonValueKind.Object && message.TryGetProperty("text", out var t) ? t.GetString() : null,
            cards,
            raw);
    }

    public bool CardContains(string text) => Cards.Any(c => c.GetRawText().Contains(text, StringComparison.Ordinal));
}

/// <summary>An activity the bot sent to the Playground's connector, from the Playground's log stream.</summary>
public sealed record BotPost(string ConversationId, string? MessageId, string? RecipientId, JsonElement Activity)
{
    public static BotPost? TryParse(string raw)
    {
        try
        {
            using var doc = JsonDocument.Parse(raw);
            var log = doc.RootElement.GetProperty("log");
            if (!log.TryGetProperty("type", out var type) || type.GetString() != "bot" || !log.TryGetProperty("request", out var request)
                || !request.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var messageId = log.TryGetProperty("response", out var response) && response.TryGetProperty("body", out var rb) && rb.ValueKind == JsonValueKind.Object && rb.TryGetProperty("id", out var id)
                ? id.GetString()
                : null;
            var recipient = body.TryGetProperty("recipient", out var r) && r.TryGetProperty("id", out var rid) ? rid.GetString() : null;
            return new BotPost(log.GetProperty("conversationId").GetString() ?? "", messageId, recipient, body.Clone());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    public bool Contains(string text) => Activity.GetRawText().Contains(text, StringComparison.Ordinal);
}
