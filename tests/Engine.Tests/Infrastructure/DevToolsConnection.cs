using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SweepCluster.Engine.Tests.Infrastructure;

/// <summary>
/// The Chrome DevTools Protocol over one WebSocket: commands answered by id, events handed to a listener. Pages are
/// driven through flat sessions (Target.attachToTarget with flatten), so every page shares this one socket.
/// </summary>
internal sealed class DevToolsConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private Task _reading = Task.CompletedTask;
    private int _lastId;

    /// <summary>Called on the reading thread for every event: its session (null for the browser's), method and params.</summary>
    public Action<string?, string, JsonElement>? OnEvent { get; set; }

    public static async Task<DevToolsConnection> ConnectAsync(Uri endpoint, CancellationToken cancel)
    {
        var connection = new DevToolsConnection();
        await connection._socket.ConnectAsync(endpoint, cancel);
        connection._reading = Task.Run(connection.ReadAsync, CancellationToken.None);
        return connection;
    }

    public async Task<JsonElement> SendAsync(string method, object? parameters = null, string? sessionId = null, CancellationToken cancel = default)
    {
        var id = Interlocked.Increment(ref _lastId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }) };
        if (sessionId is not null) message["sessionId"] = sessionId;
        await _sending.WaitAsync(cancel);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancel);
        }
        finally
        {
            _sending.Release();
        }
        using (cancel.Register(() => answer.TrySetCanceled(cancel)))
            return await answer.Task;
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                message.SetLength(0);
                WebSocketReceiveResult received;
                do
                {
                    received = await _socket.ReceiveAsync(buffer, _closing.Token);
                    if (received.MessageType == WebSocketMessageType.Close) return;
                    message.Write(buffer, 0, received.Count);
                }
                while (!received.EndOfMessage);
                Dispatch(message.GetBuffer().AsMemory(0, (int)message.Length));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser went away or we closed: whatever still waits for an answer fails below.
        }
        finally
        {
            foreach (var waiting in _pending.Values) waiting.TrySetException(new InvalidOperationException("the DevTools connection closed"));
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var id))
        {
            if (!_pending.TryRemove(id.GetInt32(), out var answer)) return;
            if (root.TryGetProperty("error", out var error)) answer.TrySetException(new InvalidOperationException($"DevTools: {error.GetRawText()}"));
            else answer.TrySetResult(root.GetProperty("result").Clone());
        }
        else if (root.TryGetProperty("method", out var method))
        {
            var session = root.TryGetProperty("sessionId", out var s) ? s.GetString() : null;
            OnEvent?.Invoke(session, method.GetString()!, root.TryGetProperty("params", out var p) ? p.Clone() : default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException)
        {
            // The browser may already be gone; nothing is left to say to it.
        }
        await _closing.CancelAsync();
        await _reading;
        _socket.Dispose();
        _sending.Dispose();
        _closing.Dispose();
    }
}
