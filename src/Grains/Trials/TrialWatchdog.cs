using Microsoft.Extensions.Logging;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// A bare trial's watchdog reminder: while it runs, a reminder activates it (and so restarts it) elsewhere once its silo
/// is lost. A supervised trial registers none: its coordinator's poll brings it back.
/// </summary>
internal sealed class TrialWatchdog(Grain trial, TimeSpan period, string trialId, ILogger logger)
{
    public const string Name = "trial-watchdog";

    // The handle from registering saves reading the reminder back from the reminder table (a storage round trip per
    // trial); an activation that did not register it (a restarted trial's watchdog tick) looks it up.
    private IGrainReminder? _handle;

    public async Task RegisterAsync(bool supervised)
    {
        if (supervised) return;
        _handle = await trial.RegisterOrUpdateReminder(Name, period, period);
    }

    /// <summary>The reminder goes; should that fail, its next tick tries again.</summary>
    public async Task UnregisterAsync(bool supervised)
    {
        // A supervised trial registered none (looking one up is a reminder-table read).
        if (_handle is null && supervised) return;
        try
        {
            var reminder = _handle ?? await trial.GetReminder(Name);
            _handle = null;
            if (reminder is not null) await trial.UnregisterReminder(reminder);
        }
        catch (Exception e)
        {
            TrialGrainLog.UnregisterFailed(logger, trialId, e.Message);
        }
    }
}
