using Microsoft.Extensions.Logging;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Theory;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// The result's theory: the first arm's smoothness, estimated once from the data (power iteration for an MLP) off this
/// activation's turn and stored with the sweep, then reported with the divergence edge of the stored outcomes. A
/// sweep whose data is gone since keeps its theory; one whose data went before the estimate has none.
/// </summary>
public sealed partial class SweepCoordinatorGrain
{
    // The estimate in progress, or done by this activation; null before it starts, or after it failed (a later read tries again).
    private Task<Smoothness?>? _smoothness;

    /// <summary>The stored smoothness, or the estimate (started now if need be); null when the data cannot be had.</summary>
    private Task<Smoothness?> SmoothnessAsync(SweepSpec spec)
    {
        if (state.State.SmoothnessJson is { } json) return Task.FromResult<Smoothness?>(SweepLog.Read<Smoothness>(json));
        return _smoothness ??= EstimateAsync(spec);
    }

    private async Task<Smoothness?> EstimateAsync(SweepSpec spec)
    {
        Smoothness smoothness;
        try
        {
            smoothness = await Task.Run(() => SweepTheory.Estimate(spec));
        }
        catch (Exception e)
        {
            // Data that no longer loads, or a model the estimate cannot handle: the result goes without theory.
            LogTheoryUnavailable(logger, Id, e.Message);
            _smoothness = null;
            return null;
        }
        state.State.SmoothnessJson = SweepLog.Write(smoothness);
        _changes++;
        StoreLater();
        return smoothness;
    }

    /// <summary>The theory for <paramref name="outcomes"/>, pure and cheap once the smoothness is known.</summary>
    private static TheoryReport? TheoryOf(SweepSpec spec, Smoothness? smoothness, IEnumerable<TrialOutcome> outcomes) =>
        smoothness is null ? null : SweepTheory.Report(spec, smoothness, outcomes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: no theory, the smoothness could not be estimated: {Reason}")]
    private static partial void LogTheoryUnavailable(ILogger logger, string sweepId, string reason);
}
