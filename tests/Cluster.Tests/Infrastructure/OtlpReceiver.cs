using System.Collections.Concurrent;
using System.Net;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A stand-in OTLP/HTTP collector on a free loopback port: keeps the body of every POST by path (/v1/traces, ...),
/// answers 200. Protobuf bodies carry span names and attribute values as plain UTF-8, which is all the tests look for.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _posts = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        Port = RedisServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Every body posted to <paramref name="path"/>, as text (binary bytes become replacement characters).</summary>
    public IReadOnlyList<string> Bodies(string path) =>
        [.. _posts.Where(p => p.Path == path).Select(p => System.Text.Encoding.UTF8.GetString(p.Body))];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _posts.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
