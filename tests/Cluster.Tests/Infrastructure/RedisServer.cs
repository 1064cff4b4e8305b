using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port for the whole test run, with no persistence (or an append-only file, if
/// asked), stopped by its PID at the end. Missing redis-server fails the tests that use it (CI installs it), when they
/// ask for its port: the message says how to install it. Tests that need no Redis, such as the pure ones of UnitTests,
/// still run.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private const string Missing =
        "redis-server was not found on PATH: the cluster tests run against a real Redis. Install it with `apt-get install -y redis-server` (./test.sh does).";

    private Process? _process;
    private string? _directory;
    private string? _executable;
    private int _port;

    /// <exception cref="InvalidOperationException">redis-server is not installed.</exception>
    public int Port
    {
        get => _executable is null ? throw new InvalidOperationException(Missing) : _port;
        private set => _port = value;
    }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Set before it starts: clients must AUTH with it (requirepass).</summary>
    public string? Password { get; init; }

    /// <summary>Set before it starts: also serve TLS, on <see cref="TlsPort"/>, with this certificate and key (PEM files).</summary>
    public (string Certificate, string Key)? Tls { get; init; }

    public int TlsPort { get; private set; }

    /// <summary>Set before it starts: every write goes to an append-only file in its folder, read back when it restarts.</summary>
    public bool AppendOnly { get; init; }

    public async ValueTask InitializeAsync()
    {
        if (FindOnPath("redis-server") is not { } executable) return;   // the tests that use it fail, with Missing
        _directory = Directory.CreateTempSubdirectory("sweep-redis-").FullName;
        Port = FreePort();
        _executable = executable;
        if (Tls is not null) TlsPort = FreePort();
        await StartProcessAsync();
    }

    /// <summary>
    /// An outage: Redis saves its data (SHUTDOWN SAVE, though no save points are set) and exits, so that
    /// <see cref="RestartAsync"/> brings it back on the same port with every key it had. With <paramref name="save"/>
    /// false (SHUTDOWN NOSAVE) no snapshot is written: it comes back empty, or with what its append-only file kept.
    /// </summary>
    public async Task StopAsync(bool save = true)
    {
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var auth = Password is null ? "" : $"AUTH {Password}\r\n";
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(auth + (save ? "SHUTDOWN SAVE\r\n" : "SHUTDOWN NOSAVE\r\n")));
            await _process!.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
        _process = null;
    }

    public Task RestartAsync() => _executable is null ? throw new InvalidOperationException(Missing) : StartProcessAsync();

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo(_executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        List<string> args = ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", AppendOnly ? "yes" : "no", "--daemonize", "no", "--dir", _directory!];
        if (Password is not null) args.AddRange(["--requirepass", Password]);
        if (Tls is var (certificate, key))
            args.AddRange(["--tls-port", TlsPort.ToString(), "--tls-cert-file", certificate, "--tls-key-file", key, "--tls-auth-clients", "no"]);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await PingAsync(Port, Password))
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} before answering PING on port {Port}.");
            if (deadline.Elapsed > TimeSpan.FromSeconds(10)) throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within 10 s.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();   // this process only, by its PID
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process?.Dispose();
        if (_directory is not null) Directory.Delete(_directory, recursive: true);
    }

    public static int FreePort() => Infrastructure.FreePort.Next();

    private static async Task<bool> PingAsync(int port, string? password)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(password is null ? "PING\r\n" : $"AUTH {password}\r\nPING\r\n"));
            var answer = new StringBuilder();
            var buffer = new byte[64];
            var expected = password is null ? "+PONG" : "+OK\r\n+PONG";
            while (answer.Length < expected.Length)
            {
                var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
                if (read == 0) break;
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            return answer.ToString().StartsWith(expected, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
