using System.Text.Json;
using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Sweeps;

/// <summary>A sweep run again: in place (retry), or as a new sweep continuing a finished one (refine).</summary>
public sealed partial class SweepCoordinatorGrain
{
    public async Task<SweepSummary> Refine(string parentSweepId, int? refinements, int? points)
    {
        ArgumentNullException.ThrowIfNull(parentSweepId);
        if (refinements is < 1) throw new ArgumentException($"refinements: {refinements} is not allowed; must be an integer >= 1.", nameof(refinements));
        if (points is < 1) throw new ArgumentException($"points: {points} is not allowed; must be an integer >= 1.", nameof(points));
        if (state.State.SpecJson is not null)
        {
            if (_search?.Inheritance?.ParentSweepId == parentSweepId) return Summary();
            throw new InvalidOperationException($"sweep {Id} already exists; a refinement needs a new sweep id.");
        }
        if (parentSweepId == Id) throw new InvalidOperationException($"sweep {Id} cannot refine itself.");
        var report = await GrainFactory.GetGrain<ISweepCoordinatorGrain>(parentSweepId).GetResult(includeHistories: false);
        var parent = SweepLog.Read<SweepResult>(report.Json);
        SweepInheritance inheritance;
        try
        {
            inheritance = SweepInheritance.From(parent, refinements, points);
        }
        catch (InputException e)
        {
            throw new InvalidOperationException(e.Message);
        }
        return await BeginAsync(parent.Spec, JsonSerializer.Serialize(parent.Spec, SpecJson.Options), inheritance);
    }

    public async Task<SweepSummary> Retry()
    {
        if (_spec is not { } spec || _search is not { } search) throw new InvalidOperationException(NotRestored());
        var s = state.State;
        // Failed or cancelled runs, and the runs a cancel left unreported (their trials ended cancelled).
        var again = search.Issued.Where(r => search.OutcomeOf(r.Key) is { } outcome
            ? outcome.Status is TrialStatus.Failed or TrialStatus.Cancelled
            : search.IsInFlight(r.Key) && s.Phase.IsTerminal()).ToArray();
        if (again.Length == 0 && (s.Phase == SweepPhase.Running || search.IsComplete)) return Summary();
        // The trials first: a trial still saying failed when the coordinator counts it in flight would be reported
        // failed again by the next poll. Should this turn die in between, a retry again finds them running.
        await Task.WhenAll(again.Where(r => r.Purpose == TrialPurpose.Train).Select(r => Trial(r.Key).Retry(StartOf(r))));
        foreach (var request in again.Where(r => search.OutcomeOf(r.Key) is not null)) Append(new OutcomeReopened(request.Key));
        if (s.Phase.IsTerminal())
        {
            await this.RegisterOrUpdateReminder(Keeper, options.WatchdogPeriod, options.WatchdogPeriod);
            s.EarlierWallSeconds = s.WallSeconds(DateTime.UtcNow);
            s.StartedUtc = DateTime.UtcNow;
            s.EndedUtc = null;
            s.Error = null;
            s.Phase = SweepPhase.Running;
        }
        await SaveAsync();
        // Replayed from the log, where the reopened runs' ends no longer count: they are in flight again.
        _search = await RestoreAsync(spec);
        _resumed = true;
        LogRetried(logger, Id, again.Length);
        Track("retried");
        StartPolling(PollPeriod);
        await Guarded(PumpAsync);
        return Summary();
    }
}
