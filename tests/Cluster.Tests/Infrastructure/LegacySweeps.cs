using Orleans.Storage;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>What a sweep stored by the version before the paged log must do now: restore, go on, end as the local runner's.</summary>
public static class LegacySweeps
{
    private static readonly Lazy<Engine.Results.SweepResult> Reference =
        new(() => new LocalSweepRunner(1).Run(SpecParser.Parse(LegacyStates.ContinuingSpec), "local"));

    /// <summary>
    /// Wakes the coordinator of <paramref name="sweep"/>, whose stored head is <see cref="LegacyStates.ContinuingBinary"/>
    /// (or its JSON), and asserts it ends as the undisturbed search: the same best η and trials, the two runs the old log
    /// had reported kept and not rerun, every other run trained once, and its log now in the paged form.
    /// </summary>
    public static async Task AssertItGoesOnAsync(ISweepCoordinatorGrain sweep, TrialRecorder recorder, IGrainStorage storage, IGrainStorageSerializer serializer)
    {
        var id = sweep.GetPrimaryKeyString();
        Assert.Equal(SweepPhase.Running, (await sweep.GetStatus()).Status);
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), TimeSpan.FromSeconds(60), "the old sweep ended");

        var status = await sweep.GetStatus();
        var reference = Reference.Value;
        Assert.Equal(SweepPhase.Completed, status.Status);
        Assert.Equal(reference.Best!.LearningRate, status.BestLearningRate);
        Assert.Equal(reference.Trials.Count, status.Issued);
        Assert.Equal(reference.Trials.CountBy(t => TrialPhases.From(t.Status)).OrderBy(c => c.Key), status.Counts.OrderBy(c => c.Key));
        var keys = reference.Trials.Select(t => t.TrialId["local/".Length..]).ToArray();
        string[] reported = ["0/0/0", "0/0/1"];
        Assert.All(keys, k => Assert.Equal(reported.Contains(k) ? 0 : 1, recorder.Count($"{id}/{k}")));

        var log = await StoredLog.ReadAsync(storage, serializer, sweep);
        Assert.Empty(log.Head.Issued);
        Assert.Empty(log.Head.Finished);
        Assert.Equal(keys.Order(StringComparer.Ordinal), log.Issued.Keys.Order(StringComparer.Ordinal));
        Assert.All(log.Issued.Values.Concat(log.Reported.Values), n => Assert.Equal(1, n));
        Assert.Equal(log.Issued.Keys.Order(StringComparer.Ordinal), log.Reported.Keys.Order(StringComparer.Ordinal));
        var kept = log.Entries.OfType<OutcomeReported>().Single(o => o.Key == "0/0/1").ToOutcome();
        Assert.Equal(reference.Trials.Single(t => t.TrialId == "local/0/0/1").TrainLoss, kept.TrainLoss);
    }
}
