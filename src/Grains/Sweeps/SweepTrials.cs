using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Driver;
using SweepCluster.Grains.Trials;
using static SweepCluster.Grains.Sweeps.SweepCoordinatorLog;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// A coordinator's calls to its sweep's trial grains: each started with its resolved arm (<see cref="TrialStart"/>) on
/// the silo the driver chose, polled, retried, stopped. Made from the coordinator's turns, so its calls are the grain's.
/// </summary>
/// <remarks>
/// Starts are sent and not awaited by the decision that made them; <see cref="Started"/> is the latest of them, which a
/// stop awaits so that it never overtakes a start (the trial would train after it).
/// </remarks>
internal sealed class SweepTrials(IGrainFactory grains, string sweepId, ILogger logger)
{
    // How long a cancel waits for its trials' ends, well inside a grain call's timeout, and how often it asks.
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopCheckPeriod = TimeSpan.FromMilliseconds(50);

    /// <summary>The Start calls of the latest launches.</summary>
    public Task Started { get; private set; } = Task.CompletedTask;

    public ITrialGrain Trial(string key) => grains.GetGrain<ITrialGrain>(SweepResultBuilder.TrialId(sweepId, key));

    /// <summary>
    /// Starts the trials of <paramref name="launches"/> without waiting, each on its chosen silo (<paramref name="siloOf"/>
    /// its address; null: where the board says). <paramref name="placed"/> is told where an unplaced one went.
    /// </summary>
    public void Launch(SweepSearch search, IReadOnlyList<Launch> launches, Func<string?, SiloAddress?> siloOf, Action<string?> placed)
    {
        if (launches.Count == 0) return;
        var starts = launches.Select(l => StartAsync(search, l.Request, siloOf(l.Silo), placed)).ToList();
        if (!Started.IsCompleted) starts.Add(Started);
        Started = Task.WhenAll(starts);
    }

    /// <summary>
    /// Each trial's phase, asked of it; <paramref name="start"/>: started first (a new activation makes sure every
    /// request in flight was started, since the old one may have died between logging and starting). A trial that says
    /// Pending lost its start (logged, then the call failed) and is started now.
    /// </summary>
    public async Task<TrialPhase[]> PollAsync(SweepSearch search, IReadOnlyList<string> keys, bool start) =>
        await Task.WhenAll(keys.Select(async k =>
        {
            var trial = Trial(k);
            var progress = start ? await trial.Start(StartOf(search, search.Request(k))) : await trial.GetStatus();
            if (progress.Phase == TrialPhase.Pending) progress = await trial.Start(StartOf(search, search.Request(k)));
            return progress.Phase;
        }));

    /// <summary>Trains the training runs among <paramref name="requests"/> again, in place.</summary>
    public Task RetryAsync(SweepSearch search, IEnumerable<TrialRequest> requests) =>
        Task.WhenAll(requests.Where(r => r.Purpose == TrialPurpose.Train).Select(r => Trial(r.Key).Retry(StartOf(search, r))));

    public async Task CancelAsync(IEnumerable<string> keys)
    {
        await Started;
        await Task.WhenAll(keys.Select(k => Trial(k).Cancel()));
    }

    /// <summary>
    /// Cancels the trials of <paramref name="keys"/> and waits for their ends, each null when it has none within a
    /// patience (its silo lost: it is left to end on its own).
    /// </summary>
    public async Task<TrialEnd?[]> StopAsync(IReadOnlyList<string> keys)
    {
        await Started;
        var deadline = DateTime.UtcNow + StopPatience;
        return await Task.WhenAll(keys.Select(k => StopAsync(Trial(k), deadline)));
    }

    // Supervised: the coordinator's poll restarts a trial whose silo was lost, so it needs no watchdog reminder.
    private TrialStart StartOf(SweepSearch search, TrialRequest request) => TrialStart.Of(sweepId, request, search.ArmFor(request), supervised: true);

    /// <param name="silo">Where to place the trial (a placement hint for this call only, which the free-slot director
    /// honours); null: where the board says.</param>
    private async Task StartAsync(SweepSearch search, TrialRequest request, SiloAddress? silo, Action<string?> placed)
    {
        try
        {
            if (silo is not null) RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            var start = Trial(request.Key).Start(StartOf(search, request));
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            var started = await start;
            if (silo is null) placed(started.Silo);
        }
        catch (Exception e)
        {
            // The poll starts it again (a logged request whose trial says Pending), and fails the sweep if the trial
            // refuses the request (ArgumentException).
            LogStartFailed(logger, e, sweepId, request.Key);
        }
    }

    private async Task<TrialEnd?> StopAsync(ITrialGrain trial, DateTime deadline)
    {
        try
        {
            await trial.Cancel();
            while (true)
            {
                if (await trial.GetFigures() is { } end) return end;
                if (DateTime.UtcNow >= deadline) return null;
                await Task.Delay(StopCheckPeriod);
            }
        }
        catch (Exception e)
        {
            LogStopUnanswered(logger, sweepId, trial.GetPrimaryKeyString(), e.Message);
            return null;
        }
    }
}
