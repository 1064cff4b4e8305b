using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SweepCluster.Engine.Data;
using SweepCluster.Grains.Hosting;

namespace SweepCluster.Silo;

/// <summary>
/// The silo process: a minimal ASP.NET Core app on the metrics port serving <c>/healthz</c> and Prometheus'
/// <c>/metrics</c> (<see cref="SiloTelemetry"/>) for the life of the process, and in it one Orleans silo set up by
/// <see cref="SweepSiloBuilderExtensions.AddSweepGrains"/> after another. A silo runs until Ctrl+C or SIGTERM, when it
/// leaves the cluster, or until it is no member any more (its membership row vanished with Redis's data, or the cluster
/// declared it dead): Orleans' answer to that is to stop, and here a new silo then starts in its place and joins again.
/// </summary>
internal static partial class SiloHost
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>A replaced silo cannot leave the cluster properly (its row is gone, or says Dead): it is given this long.</summary>
    private static readonly TimeSpan ReplacedStopTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(SiloSettings settings, TextWriter stdout, TextWriter stderr)
    {
        // Data loads on this silo read only files under its data root, and keep a bounded cache of data sets.
        DataAccess.RestrictTo(settings.Options.DataRoot);
        if (settings.Options.DataCacheBytes is { } cacheBytes) DatasetCache.BudgetBytes = cacheBytes;
        if (await ProbeRedisAsync(settings) is { } unreachable)
        {
            await stderr.WriteLineAsync(unreachable);
            return SiloCommand.Failure;
        }
        var health = new SiloHealth();
        await using var http = BuildHttp(settings, health);
        try
        {
            await http.StartAsync();
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync($"The silo did not start: {e.Message.ReplaceLineEndings(" ").TrimEnd('.')} (--metrics-port, SWEEP_METRICS_PORT).");
            return SiloCommand.Failure;
        }
        var logger = http.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SiloHost).FullName!);
        var stopping = http.Lifetime.ApplicationStopping;
        try
        {
            return await RunSilosAsync(settings, health, stdout, stderr, logger, stopping);
        }
        finally
        {
            await http.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>One silo after another until <paramref name="stopping"/>; exit code 1 when the first one does not start.</summary>
    private static async Task<int> RunSilosAsync(
        SiloSettings settings, SiloHealth health, TextWriter stdout, TextWriter stderr, ILogger logger, CancellationToken stopping)
    {
        var first = true;
        while (!stopping.IsCancellationRequested)
        {
            var run = new SiloRun();
            health.Current = run;
            var host = BuildSilo(settings, run);
            if (await StartAsync(host, run, settings, stopping) is { } failure)
            {
                await StopAsync(host, stopping.IsCancellationRequested ? null : ReplacedStopTimeout, logger);
                if (stopping.IsCancellationRequested) break;
                if (first)
                {
                    await stderr.WriteLineAsync("The silo did not start: " + failure);
                    return SiloCommand.Failure;
                }
                LogRestartFailed(logger, failure, RetryDelay.TotalSeconds);
                await Task.Delay(RetryDelay, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            first = false;
            run.Services = host.Services;
            await stdout.WriteLineAsync(ReadyLine(settings, host.Services));
            await stdout.FlushAsync(CancellationToken.None);

            await Task.WhenAny(run.Restart, Task.Delay(Timeout.Infinite, stopping));
            if (!run.Restarting)
            {
                // Ctrl+C or SIGTERM: a graceful leave, within the host's shutdown timeout.
                await StopAsync(host, null, logger);
                break;
            }
            LogReplaced(logger, run.Restart.Result);
            if (settings.Options.Redis is not null) await RestoreTableAsync(host.Services, logger);
            await StopAsync(host, ReplacedStopTimeout, logger);
        }
        return 0;
    }

    /// <summary>
    /// Starts <paramref name="host"/>; null once it is active, else why not. A silo the cluster declares dead while it
    /// joins (the others cannot reach it) asks for a restart before its start ends, and that ends the start.
    /// </summary>
    private static async Task<string?> StartAsync(IHost host, SiloRun run, SiloSettings settings, CancellationToken stopping)
    {
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var start = host.StartAsync(starting.Token);
        if (await Task.WhenAny(start, run.Restart) != start) await starting.CancelAsync();
        try
        {
            await start;
        }
        catch (Exception e)
        {
            if (stopping.IsCancellationRequested) return "stopped";
            if (!run.Restarting) return StartFailure(settings, e);
        }
        if (!run.Restarting) return null;
        var reason = run.Restart.Result;
        return reason == RestartOnFatalError.DeclaredDead
            ? $"{reason} while it joined: the other silos cannot reach it (its TLS certificate and CA, --advertise, a firewall?)"
            : reason;
    }

    private static IHost BuildSilo(SiloSettings settings, SiloRun run)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        SiloLogging.Configure(builder.Logging, settings.Verbose);
        // Ctrl+C and SIGTERM are the HTTP app's, which stops this host first.
        builder.Services.AddSingleton<IHostLifetime, ParentLifetime>();
        builder.Services.AddSingleton(run);
        builder.UseOrleans(silo =>
        {
            silo.AddSweepGrains(settings.Options);
            if (settings.Options.Redis is not null) silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MembershipRowWatch>();
        });
        builder.Services.RemoveAll<IFatalErrorHandler>();
        builder.Services.AddSingleton<IFatalErrorHandler, RestartOnFatalError>();
        return builder.Build();
    }

    private static WebApplication BuildHttp(SiloSettings settings, SiloHealth health)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (settings.MetricsBind is { } bind) k.Listen(bind, settings.MetricsPort);
            else k.ListenAnyIP(settings.MetricsPort);
        });
        SiloLogging.Configure(builder.Logging, settings.Verbose);
        builder.Services.AddSingleton(health);
        builder.AddSiloTelemetry(settings);

        var app = builder.Build();
        app.MapGet("/healthz", HealthEndpoint.Handle);
        // A scrape is a GET: the exporter's endpoint answers any method unless told otherwise (POST got 200).
        app.MapPrometheusScrapingEndpoint().WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]));
        return app;
    }

    /// <summary>Null when Redis answers (or there is none); otherwise the one line that says it does not, and what to do.</summary>
    private static async Task<string?> ProbeRedisAsync(SiloSettings settings)
    {
        if (settings.Options.Redis is not { } redis) return null;
        try
        {
            var options = RedisConnection.Options(redis, settings.Options.RedisTrustedIssuer);
            await RedisProbe.PingAsync(options, ProbeTimeout).WaitAsync(ProbeTimeout + TimeSpan.FromSeconds(1));
            return null;
        }
        catch (Exception e)
        {
            var hint = RedisProbe.Refused(e)
                ? "check the password in --redis (SWEEP_REDIS), or name the CA of its TLS certificate with --redis-ca (SWEEP_REDIS_CA)"
                : "start it, or name the right one with --redis (SWEEP_REDIS)";
            return $"The silo did not start: Redis {RedisConnection.Redact(redis)} {RedisProbe.Reason(e)}; {hint}.";
        }
    }

    /// <summary>Why a silo did not start, in one line; Orleans does not say which of its ports is taken.</summary>
    private static string StartFailure(SiloSettings settings, Exception failure)
    {
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            if (cause is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
                return $"its silo port {settings.Options.SiloPort} or its gateway port {settings.Options.GatewayPort} is in use (--silo-port, --gateway-port; another silo on this host?)";
        }
        return SiloFailure.OneLine(failure);
    }

    /// <summary>
    /// <c>silo ready: cluster ID (redis HOST:PORT | development), gateway ADDR:PORT, metrics http://ADDR:PORT, slots N</c>, then
    /// <c>gpus 0 1</c>, <c>trainers NAME ... (FILE)</c>, <c>inline commands allowed</c>, <c>checkpoints DIR</c>, <c>results DIR</c> when set.
    /// </summary>
    private static string ReadyLine(SiloSettings settings, IServiceProvider services)
    {
        var silo = services.GetRequiredService<ILocalSiloDetails>();
        var mode = settings.Options.Redis is { } redis ? "redis " + RedisConnection.Redact(redis) : "development";
        var gateway = silo.GatewayAddress?.Endpoint.ToString() ?? "none";
        var bind = settings.MetricsBind;
        var metrics = new IPEndPoint(bind is null || bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? silo.SiloAddress.Endpoint.Address : bind, settings.MetricsPort);
        return $"silo ready: cluster {settings.Options.ClusterId} ({mode}), gateway {gateway}, metrics http://{metrics}, slots {settings.Options.Slots}"
            + string.Concat(Extras(settings).Select(e => ", " + e));
    }

    /// <summary>The options of trainers, GPUs and storage roots, in the ready line only when they were set.</summary>
    private static IEnumerable<string> Extras(SiloSettings settings)
    {
        var o = settings.Options;
        if (o.Gpus.Count > 0) yield return $"gpus {string.Join(' ', o.Gpus)}";
        if (settings.TrainersFile is { } file) yield return $"trainers {(o.Trainers.Count == 0 ? "none" : string.Join(' ', o.Trainers.Keys))} ({file})";
        if (o.AllowCommands) yield return "inline commands allowed";
        if (o.CheckpointRoot is { } checkpoints) yield return $"checkpoints {checkpoints}";
        if (o.ResultsRoot is { } results) yield return $"results {results}";
    }

    /// <summary>
    /// A silo stops by writing its row's way out (ShuttingDown, Stopping, Dead), and Orleans retries that write for minutes
    /// when the table is gone: the table's version field is written again first (as a silo that finds no table does),
    /// so that the old silo's row can say it left.
    /// </summary>
    private static async Task RestoreTableAsync(IServiceProvider services, ILogger logger)
    {
        try
        {
            await services.GetRequiredService<IMembershipTable>().InitializeMembershipTableAsync(true).WaitAsync(MembershipRowWatch.Period);
        }
        catch (Exception e)
        {
            LogStopFailed(logger, SiloFailure.OneLine(e));
        }
    }

    /// <summary>
    /// Stops and disposes <paramref name="host"/>; with <paramref name="timeout"/> Orleans stops ungracefully once it has
    /// passed, and a stop that still has not ended after twice as long is left to finish (or not) in the background.
    /// </summary>
    private static async Task StopAsync(IHost host, TimeSpan? timeout, ILogger logger)
    {
        using var limit = timeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
        var stop = host.StopAsync(limit.Token);
        try
        {
            if (timeout is { } budget) await stop.WaitAsync(2 * budget);
            else await stop;
        }
        catch (TimeoutException)
        {
            LogStopFailed(logger, $"still stopping after {2 * timeout!.Value.TotalSeconds:0} s, left to end in the background");
            _ = DisposeAfterAsync(stop, host);
            return;
        }
        catch (Exception e)
        {
            LogStopFailed(logger, SiloFailure.OneLine(e));
        }
        await DisposeAsync(host);
    }

    private static async Task DisposeAfterAsync(Task stop, IHost host)
    {
        await stop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await DisposeAsync(host);
    }

    private static async Task DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else host.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "This silo is no cluster member any more: {Reason}. A new silo starts in its place.")]
    private static partial void LogReplaced(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The new silo did not start ({Reason}); trying again in {Seconds} s.")]
    private static partial void LogRestartFailed(ILogger logger, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The silo did not stop cleanly: {Reason}.")]
    private static partial void LogStopFailed(ILogger logger, string reason);

    /// <summary>A host that leaves signals to its parent: the HTTP app's console lifetime stops it.</summary>
    private sealed class ParentLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
