using Microsoft.Extensions.Logging;
using static SweepCluster.Grains.Sweeps.SweepCoordinatorLog;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// A coordinator's keeper reminder: registered while its sweep runs, so that a sweep whose silo is lost is activated
/// (and so resumed) elsewhere; unregistered once the sweep has ended.
/// </summary>
internal sealed class SweepKeeper(Grain coordinator, TimeSpan period, string sweepId, ILogger logger)
{
    public const string Name = "sweep-keeper";

    /// <summary>The reminder fires every <c>period</c> from now on.</summary>
    public Task RegisterAsync() => coordinator.RegisterOrUpdateReminder(Name, period, period);

    /// <summary>The reminder goes; should that fail, its next tick tries again.</summary>
    public async Task UnregisterAsync()
    {
        try
        {
            if (await coordinator.GetReminder(Name) is { } reminder) await coordinator.UnregisterReminder(reminder);
        }
        catch (Exception e)
        {
            LogUnregisterFailed(logger, sweepId, e.Message);
        }
    }
}
