using Orleans.Clustering.Redis;

namespace SweepCluster.Silo;

/// <summary>
/// Looks for this silo's own row in the Redis membership table every two seconds while the silo is active. Redis that
/// restarted without its data has no table and no row, and Orleans' own heartbeat then fails forever without noticing
/// (its IAmAlive script errors on the missing row); a row that says Dead means the cluster gave up on this silo. Either
/// way the silo asks to be replaced by a new one (<see cref="SiloRun.RequestRestart"/>), which joins the cluster again.
/// A look that fails because Redis does not answer only marks the silo unhealthy: the row may well be there.
/// </summary>
internal sealed partial class MembershipRowWatch(
    IMembershipTable table, ILocalSiloDetails silo, SiloRun run, ILogger<MembershipRowWatch> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MembershipRowWatch), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancel)
    {
        _loop = Task.Run(() => WatchAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancel)
    {
        await _stop.CancelAsync();
        await _loop.WaitAsync(cancel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task WatchAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (!run.Restarting && await timer.WaitForNextTickAsync(stop))
            {
                if (await LookAsync(stop) is { } gone) run.RequestRestart(gone);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The silo stops.
        }
    }

    /// <summary>Null while the row is there and not Dead; otherwise why this silo is no member any more.</summary>
    private async Task<string?> LookAsync(CancellationToken stop)
    {
        MembershipTableData data;
        try
        {
            data = await table.ReadAllAsync(stop).WaitAsync(Period, stop);
        }
        catch (RedisClusteringException)
        {
            // Its Version field is missing: the whole table is gone.
            return "the membership table is gone from Redis (Redis restarted without its data?)";
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            if (run.RowProblem is null) LogUnreadable(logger, SiloFailure.OneLine(e));
            run.RowProblem = "its membership row cannot be read: " + SiloFailure.OneLine(e);
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        var row = data.Members.Select(m => m.Item1).FirstOrDefault(m => m.SiloAddress.Equals(silo.SiloAddress));
        var gone = row switch
        {
            null => "its membership row is gone from Redis (Redis restarted without its data?)",
            { Status: SiloStatus.Dead } => "the cluster declared it dead",
            _ => null,
        };
        // Healthy again only with its row found: a read that finds the row gone must not answer 200 before the restart.
        if (gone is null) run.RowProblem = null;
        return gone;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "This silo's membership row cannot be read: {Reason}.")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}
