using System.Globalization;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Results;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Four real silo processes on one real Redis form one cluster, and a sweep of 200 trials uses all of them: placement
/// by free slots through the load board gives each silo its fair share by slots.
/// </summary>
public sealed class FourSiloShareTests(RedisServer redis, ITestOutputHelper output)
{
    private const int Silos = 4;
    private const int Trials = 200;

    // Softmax on 2,000 MNIST rows, 3 epochs of 32 steps: milliseconds of training each, so the sweep is quick, yet each
    // trial holds its slot long enough for the silos' load reports to see it.
    private static readonly string Spec =
        """{"name":"four-silos","data":{"source":"mnist","trainSize":2000,"validationSize":500},"model":{"kind":"softmax"},"optimizer":{"kind":"sgd"},"training":{"epochs":3,"batchSize":64,"seed":1},"search":{"kind":"grid","learningRates":["""
        + string.Join(",", Enumerable.Range(0, Trials).Select(i => (1e-4 * Math.Pow(1e3, i / (Trials - 1.0))).ToString("R", CultureInfo.InvariantCulture)))
        + "]}}";

    [Fact]
    public async Task A200TrialSweepOnFourSiloProcessesRunsEveryTrialOnceAndGivesEachSiloItsFairShare()
    {
        await using var cluster = new SiloProcessCluster(redis, output);
        try
        {
            var silos = await cluster.StartAsync(Silos);
            var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s-four"));
            await sweep.Submit(Spec);
            var result = await SweepResults.EndAsync(sweep, SiloProcessCluster.Patience);

            var shares = result.Trials.GroupBy(t => t.Silo ?? "none").ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine("trials per silo: " + string.Join(", ", shares.Select(s => $"{s.Key} {s.Value}")));
            Assert.Equal(SweepStatus.Completed, result.Status);
            Assert.Equal(Trials, result.Trials.Count);
            Assert.Equal(Trials, result.Trials.Select(t => t.TrialId).Distinct().Count());
            Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
            Assert.All(result.Trials, t => Assert.Equal(1, t.Attempts));
            // One slot each: a fair share is a quarter of the trials, 50; within ±25% is 38 to 62.
            var fair = Trials / (double)Silos;
            Assert.Equal(silos.Select(s => s.Address).Order(StringComparer.Ordinal), shares.Keys.Order(StringComparer.Ordinal));
            Assert.All(silos, s => Assert.InRange(shares[s.Address], 0.75 * fair, 1.25 * fair));
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
    }
}
