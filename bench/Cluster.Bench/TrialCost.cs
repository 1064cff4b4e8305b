using System.Diagnostics;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// One trial of a spec trained alone, in this process, on a thread of its own, as a silo's training thread would: what
/// a trial costs without a cluster around it. The first run is cold (JIT, the data set loaded); the rest are warm.
/// </summary>
/// <param name="ColdSeconds">The first run, from the call to its return: JIT and the data set's load included.</param>
/// <param name="WarmSeconds">The median warm run, from the call to its return (data split, model set up, verdict).</param>
/// <param name="LoopSeconds">The median warm run's own <c>wallSeconds</c>: its training loop, what Σ compute sums.</param>
internal sealed record TrialCost(double ColdSeconds, double WarmSeconds, double LoopSeconds, int Runs)
{
    public static async Task<TrialCost> MeasureAsync(string specJson, int runs)
    {
        var request = new TrialRequest(TrialRequest.KeyOf(0, 0, 0), 0, 0, 0.01, TrialPurpose.Train);
        var plan = TrialPlans.Create(TrialStart.Of("bench", SpecParser.Parse(specJson), request));
        var done = new TaskCompletionSource<TrialCost>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var clock = Stopwatch.StartNew();
                Trainer.Run(plan);
                var cold = clock.Elapsed.TotalSeconds;
                var whole = new List<double>();
                var loops = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    clock.Restart();
                    var trial = Trainer.Run(plan);
                    whole.Add(clock.Elapsed.TotalSeconds);
                    loops.Add(trial.WallSeconds);
                }
                done.SetResult(new TrialCost(cold, Percentiles.Median(whole), Percentiles.Median(loops), runs));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = "bench-trial-cost" };
        thread.Start();
        return await done.Task;
    }
}
