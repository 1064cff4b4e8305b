using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>The first stage's runs of a sweep's first arm, as their trial grains report them.</summary>
public static class CoarseRuns
{
    /// <summary>
    /// Polls the first <paramref name="count"/> coarse runs of sweep <paramref name="sweepId"/> until one of them is
    /// <paramref name="wanted"/>; returns that look at all of them.
    /// </summary>
    public static async Task<TrialProgress[]> WaitForAsync(
        IGrainFactory grains, string sweepId, int count, Func<TrialProgress, bool> wanted, string what)
    {
        var runs = Enumerable.Range(0, count).Select(i => grains.GetGrain<ITrialGrain>($"{sweepId}/0/0/{i}")).ToArray();
        TrialProgress[] seen = [];
        await Eventually.HoldsAsync(async () =>
        {
            seen = await Task.WhenAll(runs.Select(r => r.GetStatus()));
            return seen.Any(wanted);
        }, TimeSpan.FromSeconds(180), what);
        return seen;
    }
}
