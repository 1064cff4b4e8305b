using Orleans.Storage;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// A trial's kept output in grain storage (<see cref="TrialLogsState"/>, state "trial-logs"), read only when first asked
/// for: only a command trainer's trials have any, so reading it whenever a trial activates was a storage read per trial
/// for nothing.
/// </summary>
internal sealed class TrialLogsRecord(IGrainStorage storage, GrainId grain)
{
    public const string StateName = "trial-logs";

    private GrainState<TrialLogsState>? _state;

    public async Task<TrialLogs?> ReadAsync() => (await StateAsync()).State!.Logs;

    /// <summary>Replaces the kept output (read first, for the record's version, when it was never read).</summary>
    public async Task WriteAsync(TrialLogs logs)
    {
        var state = await StateAsync();
        state.State!.Logs = logs;
        await storage.WriteStateAsync(StateName, grain, state);
    }

    private async Task<GrainState<TrialLogsState>> StateAsync()
    {
        if (_state is { } read) return read;
        var state = new GrainState<TrialLogsState>(new TrialLogsState());
        await storage.ReadStateAsync(StateName, grain, state);
        state.State ??= new TrialLogsState();
        return _state ??= state;
    }
}
