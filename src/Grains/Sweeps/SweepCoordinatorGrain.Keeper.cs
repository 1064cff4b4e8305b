namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// The keeper reminder: it reactivates a running sweep whose silo was lost (activating resumes it) and goes once the
/// sweep has ended.
/// </summary>
public sealed partial class SweepCoordinatorGrain
{
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Keeper) return;
        // Activating was the point (OnActivateAsync resumes the sweep); a finished one no longer needs the reminder.
        if (state.State.SpecJson is null || state.State.Phase.IsTerminal()) await UnregisterKeeperAsync();
    }

    private async Task UnregisterKeeperAsync()
    {
        try
        {
            if (await this.GetReminder(Keeper) is { } reminder) await this.UnregisterReminder(reminder);
        }
        catch (Exception e)
        {
            // The next tick unregisters it (ReceiveReminder).
            LogUnregisterFailed(logger, Id, e.Message);
        }
    }
}
