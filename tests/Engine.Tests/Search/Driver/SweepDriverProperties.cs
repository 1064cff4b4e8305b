using FsCheck.Xunit;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Driver;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search.Driver;

/// <summary>
/// The sweep driver under random event orders, host crashes that lose the unstored tail of its log, and restores from
/// what was stored: every run is issued once under its key, the log is a history each prefix of which restores, and
/// the sweep ends with the best of an undisturbed run.
/// </summary>
public sealed class SweepDriverProperties
{
    // Searches whose result does not depend on the order of the ends: their best is compared with an undisturbed run's.
    private static readonly string[] OrderFree =
    [
        """{ "kind": "grid", "learningRates": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3], "metric": "trainLoss" }""",
        """
        { "kind": "coarse-to-fine", "min": 1e-4, "max": 1, "refinements": 3, "pointsPerRefinement": 4, "metric": "trainLoss",
          "arms": [ { "name": "a" }, { "name": "b", "optimizer": { "kind": "adam" } } ] }
        """,
        """
        { "kind": "lr-finder-then-grid", "pointsPerRefinement": 5, "metric": "trainLoss",
          "arms": [ { "name": "a" }, { "name": "b", "optimizer": { "kind": "adam" } } ] }
        """,
    ];

    // ASHA's decisions depend on which runs reach a rung first: only the log's properties hold for any order.
    private static readonly string[] WithAsha =
    [
        """
        { "kind": "coarse-to-fine", "min": 1e-4, "max": 1, "refinements": 2, "pointsPerRefinement": 5, "metric": "trainLoss",
          "earlyStopping": { "kind": "asha" }, "arms": [ { "name": "a" }, { "name": "b", "optimizer": { "kind": "adam" } } ] }
        """,
        """
        { "kind": "lr-finder-then-grid", "pointsPerRefinement": 7, "metric": "trainLoss", "earlyStopping": { "kind": "asha", "reductionFactor": 2 },
          "arms": [ { "name": "a" }, { "name": "b" } ] }
        """,
    ];

    private static SweepSpec Spec(string search) => Sweeps.Quadratic(search, epochs: 9);

    [Property(MaxTest = 40)]
    public void CrashesAndReplaysEndWithTheBestOfAnUndisturbedRun(int seed, bool secondSearch, bool thirdSearch)
    {
        var spec = Spec(OrderFree[thirdSearch ? 2 : secondSearch ? 1 : 0]);
        var undisturbed = new SimulatedHost(spec, seed, crashes: false).Run();
        var disturbed = new SimulatedHost(spec, seed ^ 0x5eed, crashes: true).Run();

        Assert.Equal(Results.SweepStatus.Completed, undisturbed.End!.Status);
        Assert.Equal(Results.SweepStatus.Completed, disturbed.End!.Status);
        Assert.Equal(0, undisturbed.Restarts);
        Assert.NotNull(undisturbed.Driver.Search.Best);
        Assert.Equal(undisturbed.Driver.Search.Best, disturbed.Driver.Search.Best);
        Assert.Equal(Keys(undisturbed), Keys(disturbed));
    }

    [Property(MaxTest = 40)]
    public void EveryRunIsIssuedOnceUnderItsKey(int seed, bool asha, bool secondSearch)
    {
        var spec = Spec(asha ? WithAsha[secondSearch ? 1 : 0] : OrderFree[secondSearch ? 1 : 0]);
        var host = new SimulatedHost(spec, seed, crashes: true).Run();

        var issued = host.Stored.OfType<RunIssued>().Select(f => f.Key).ToArray();
        Assert.Equal(issued.Length, issued.Distinct().Count());
        Assert.Equal(host.Driver.Search.Issued.Select(r => r.Key).Order(StringComparer.Ordinal), issued.Order(StringComparer.Ordinal));
    }

    [Property(MaxTest = 25)]
    public void TheStoredLogIsAHistoryEachPrefixOfWhichRestores(int seed, bool asha, bool secondSearch)
    {
        var spec = Spec(asha ? WithAsha[secondSearch ? 1 : 0] : OrderFree[secondSearch ? 2 : 0]);
        var host = new SimulatedHost(spec, seed, crashes: true).Run();

        var issued = new HashSet<string>();
        for (var cut = 0; cut < host.Stored.Count; cut++)
        {
            var fact = host.Stored[cut];
            if (fact is RunIssued) issued.Add(fact.Key);
            else Assert.Contains(fact.Key, issued);
            if (cut % 7 == 0) SweepDriver.Restore(spec, null, host.Stored.Take(cut + 1), running: true);
        }
        var restored = SweepDriver.Restore(spec, null, host.Stored, running: false);
        Assert.True(restored.Search.IsComplete);
        Assert.Equal(host.Driver.Search.Best, restored.Search.Best);
    }

    // TPE proposes each configuration from the ends of the configurations a window before it: whatever the order of
    // the ends, the crashes and the restores, every key gets the configuration of an undisturbed run.
    private const string Tpe = """
        { "kind": "tpe", "trials": 24, "seed": 5, "concurrency": 3, "metric": "trainLoss",
          "parameters": { "learningRate": { "min": 1e-4, "max": 1, "log": true }, "optimizer.momentum": { "min": 0, "max": 0.9 } } }
        """;

    [Property(MaxTest = 15)]
    public void TpeProposesTheConfigurationsOfAnUndisturbedRunThroughCrashesAndReplays(int seed)
    {
        var spec = Spec(Tpe);
        var undisturbed = new SimulatedHost(spec, seed, crashes: false).Run();
        var disturbed = new SimulatedHost(spec, seed ^ 0x5eed, crashes: true).Run();

        Assert.Equal(Results.SweepStatus.Completed, disturbed.End!.Status);
        Assert.Equal(24, disturbed.Driver.Search.Issued.Count);
        Assert.Equal(Configurations(undisturbed), Configurations(disturbed));
        Assert.Equal(undisturbed.Driver.Search.Best, disturbed.Driver.Search.Best);
    }

    private static string[] Configurations(SimulatedHost host) =>
        [.. host.Driver.Search.Issued.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {string.Join(",", r.Parameters!.Select(p => $"{p.Key}={p.Value}"))}")];

    [Fact]
    public void TheHostCrashesAndLosesRequestsItIssuesAgain()
    {
        var hosts = Enumerable.Range(0, 20).Select(seed => new SimulatedHost(Spec(OrderFree[1]), seed, crashes: true).Run()).ToArray();

        Assert.True(hosts.Sum(h => h.Crashes) > 20);
        Assert.Contains(hosts, h => h.Restarts > 0);
    }

    private static string[] Keys(SimulatedHost host) => [.. host.Driver.Search.Issued.Select(r => r.Key).Order(StringComparer.Ordinal)];
}
