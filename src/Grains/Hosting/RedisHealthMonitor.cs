using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SweepCluster.Grains.Hosting;

/// <summary>
/// Says once, in one line, when this silo loses Redis and when it has it back. Orleans' own providers log every failed
/// write with its stack trace while Redis is away; this is the line an operator reads: what is affected, and that
/// training goes on (a trial whose end cannot be stored yet keeps it and tries again until storage is back).
/// </summary>
internal sealed partial class RedisHealthMonitor(SweepSiloOptions options, ILogger<RedisHealthMonitor> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly Lock _gate = new();
    private ConnectionMultiplexer? _redis;
    private DateTime? _lostUtc;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RedisHealthMonitor), ServiceLifecycleStage.RuntimeInitialize, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancel)
    {
        var settings = RedisConnection.Options(options.Redis!, options.RedisTrustedIssuer);
        // Its own connection, never given up: it exists to notice when Redis goes and comes back.
        settings.AbortOnConnectFail = false;
        settings.ClientName = "sweep-health";
        _redis = await ConnectionMultiplexer.ConnectAsync(settings);
        _redis.ConnectionFailed += (_, e) => Lost(e);
        _redis.ConnectionRestored += (_, e) => Restored(e);
    }

    private async Task StopAsync(CancellationToken cancel)
    {
        if (_redis is not null) await _redis.DisposeAsync();
    }

    private void Lost(ConnectionFailedEventArgs e)
    {
        lock (_gate)
        {
            if (_lostUtc is not null) return;
            _lostUtc = DateTime.UtcNow;
        }
        LogLost(logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString());
    }

    private void Restored(ConnectionFailedEventArgs e)
    {
        DateTime lost;
        lock (_gate)
        {
            if (_lostUtc is not { } since) return;
            lost = since;
            _lostUtc = null;
        }
        LogRestored(logger, e.EndPoint?.ToString() ?? "?", (DateTime.UtcNow - lost).TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis {Endpoint} is unreachable ({Failure}): membership, grain state and reminder writes fail until it is back; trials keep training and store their ends once it is back.")]
    private static partial void LogLost(ILogger logger, string endpoint, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis {Endpoint} is reachable again after {Seconds:F1} s.")]
    private static partial void LogRestored(ILogger logger, string endpoint, double seconds);
}
