using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using SweepCluster.Client;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Load;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A development silo in this process, as `dotnet run --project src/Silo` starts one without Redis (localhost
/// clustering, in-memory storage, a gateway the `sweep` command reaches with --gateway), and a client of its own, both
/// with Orleans' message body limit cut from its 100 MB default to <see cref="MaxMessageBodySize"/>, so that a result
/// of a few MB is over it. Each command runs in this process as a client that outlives nothing, as a user's would.
/// </summary>
public sealed class SmallMessageSilo : IAsyncLifetime
{
    public const int MaxMessageBodySize = 1 << 20;

    /// <summary>Enough for two endless trials and a quick one beside them.</summary>
    public const int Slots = 3;

    /// <summary>The client's response timeout; every call of the tests but the one over the limit answers in milliseconds.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-results-").FullName;
    private readonly SweepSiloOptions _options = SweepClusterConnection.LocalOptions();
    private readonly SiloLog _log = new();
    private IHost? _silo;
    private IHost? _client;

    /// <summary>What the silo logged at warning level and above (Orleans says there what it could not send).</summary>
    public IReadOnlyCollection<string> Warnings => _log.Lines;

    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("not started");

    public string Gateway => $"127.0.0.1:{_options.GatewayPort}";

    public async ValueTask InitializeAsync()
    {
        _options.Slots = Slots;
        var silo = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        silo.Logging.ClearProviders();
        silo.Logging.AddProvider(_log);
        silo.UseOrleans(s => s
            .AddSweepGrains(_options)
            .Configure<SiloMessagingOptions>(o => o.MaxMessageBodySize = MaxMessageBodySize));
        _silo = silo.Build();
        await _silo.StartAsync();

        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        client.Logging.ClearProviders();
        client.UseOrleansClient(c => c
            .Configure<ClusterOptions>(o => { o.ClusterId = _options.ClusterId; o.ServiceId = _options.ServiceId; })
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, _options.GatewayPort))
            .Configure<ClientMessagingOptions>(o =>
            {
                o.MaxMessageBodySize = MaxMessageBodySize;
                // A response over the limit is dropped by the silo and its call times out: sooner than 30 s, for a test.
                o.ResponseTimeout = ResponseTimeout;
            }));
        _client = client.Build();
        await _client.StartAsync();
        await Eventually.HoldsAsync(async () => (await Client.GetGrain<IClusterLoadGrain>(0).GetSilos()).Count == 1,
            TimeSpan.FromSeconds(20), "the silo on the load board");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in new[] { _client, _silo })
        {
            if (host is null) continue;
            await host.StopAsync();
            host.Dispose();
        }
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>`sweep ARGS --gateway ...` in this process, its output captured.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> SweepAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        var (code, stderr) = await SweepAsync(stdout, args);
        return (code, stdout.ToString(), stderr);
    }

    /// <summary>`sweep ARGS --gateway ...` in this process, writing its standard output to <paramref name="stdout"/>.</summary>
    public async Task<(int ExitCode, string Stderr)> SweepAsync(TextWriter stdout, params string[] args)
    {
        using var stderr = new StringWriter();
        var code = await SweepCommand.RunAsync([.. args, "--gateway", Gateway], stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stderr.ToString());
    }

    /// <summary>Warnings and errors, formatted with their exceptions.</summary>
    private sealed class SiloLog : ILoggerProvider, ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) _lines.Enqueue($"{formatter(state, exception)} {exception}");
        }

        public void Dispose()
        {
        }
    }

    public string TempFile(string name) => Path.Combine(_folder, $"{Guid.NewGuid():N}-{name}");
}
