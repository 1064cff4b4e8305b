using System.Diagnostics;

namespace SweepCluster.Cluster.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition()) return clock.Elapsed;
            }
            catch (Exception) when (clock.Elapsed < timeout)
            {
                // A call into a cluster that is just losing a silo may fail; the next poll decides.
            }
            if (clock.Elapsed > timeout) Assert.Fail($"not within {timeout.TotalSeconds:0} s: {what}");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }

    public static Task<TimeSpan> HoldsAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, what);
}
