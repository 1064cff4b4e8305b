using System.Diagnostics;
using StackExchange.Redis;

namespace SweepCluster.Cluster.Bench;

/// <summary>A redis-server of the benchmark's own on a free loopback port: no persistence, killed by its PID at the end.</summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>CPU time it has used (user and system).</summary>
    public TimeSpan CpuTime => ProcessCpu.Of(_process.Id).Total;

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisProcess> StartAsync()
    {
        var executable = Executable.Find("redis-server", "apt-get install -y redis-server");
        var directory = Directory.CreateTempSubdirectory("sweep-bench-redis-").FullName;
        var port = FreePort.Next();
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", directory })
            start.ArgumentList.Add(arg);
        var process = ChildProcesses.Start(start);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new RedisProcess(process, directory, port);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!await redis.PingsAsync())
            {
                if (process.HasExited) throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} before answering on port {port}.");
                if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"redis-server did not answer on port {port} within 20 s.");
                await Task.Delay(50);
            }
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>Redis' own counters (INFO commandstats and stats), to count what a sweep asked of it.</summary>
    public async Task<RedisCounts> CountsAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},allowAdmin=true");
        var server = connection.GetServer(ConnectionString);
        // Plain INFO leaves out commandstats.
        var info = (await server.InfoAsync("commandstats")).Concat(await server.InfoAsync("stats"))
            .SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return RedisCounts.From(info);
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.KillAsync(_process);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            {
                EndPoints = { ConnectionString }, AbortOnConnectFail = true, ConnectTimeout = 1000, ConnectRetry = 0,
            });
            await connection.GetDatabase().PingAsync();
            return true;
        }
        catch (RedisConnectionException)
        {
            return false;
        }
    }
}
