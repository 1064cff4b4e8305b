using Microsoft.Extensions.Logging;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// Keeps a command trial's program output where `sweep logs` finds it on any silo: the end of it while the program runs
/// (its last 64 KB a stream, which keeps these frequent writes small), the whole tail once it ends, and then also as
/// files under the results root (<c>SWEEPID/logs/KEY.stdout.log</c>, <c>.stderr.log</c>) for people and tools.
/// </summary>
internal sealed partial class TrialOutputKeeper(TrialLogsRecord record, ILogger logger, string trialId)
{
    private readonly SemaphoreSlim _write = new(1, 1);
    private long _saved = -1;

    public Task<TrialLogs?> ReadAsync() => record.ReadAsync();

    /// <summary>A new run's output starts unsaved.</summary>
    public void Restart() => _saved = -1;

    /// <summary>Stores the end of the running program's output when it changed since the last time (a timer's tick).</summary>
    public async Task SaveRecentAsync(TrialOutput output)
    {
        if (output.Version == _saved) return;
        try
        {
            await StoreAsync(output.Recent(), output.Version);
        }
        catch (Exception e)
        {
            // The next tick, or the trial's end, stores it.
            LogNotKept(logger, trialId, TrialFault.Innermost(e).Message);
        }
    }

    /// <summary>A finished program's whole output: in the logs state, then as files under <paramref name="resultsRoot"/>.</summary>
    public async Task KeepAsync(TrialOutput output, string resultsRoot, string sweepId)
    {
        var snapshot = output.Snapshot();
        try
        {
            await StoreAsync(snapshot, output.Version);
        }
        catch (Exception e)
        {
            LogNotKept(logger, trialId, TrialFault.Innermost(e).Message);
        }
        await Task.Run(() => TrialLogFiles.TryWrite(resultsRoot, sweepId, trialId, snapshot, m => LogNotKept(logger, trialId, m)));
    }

    private async Task StoreAsync(TrialLogs snapshot, long version)
    {
        await _write.WaitAsync();
        try
        {
            await record.WriteAsync(snapshot);
            _saved = version;
        }
        finally
        {
            _write.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId}: its program's output could not be kept: {Reason}")]
    private static partial void LogNotKept(ILogger logger, string trialId, string reason);
}
