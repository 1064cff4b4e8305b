using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Driver;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>Searches over parameters: grid, random and TPE configurations, repeats, and their restore from a log.</summary>
public sealed class ParameterSearchTests
{
    private const string Space = """
        "parameters": { "learningRate": { "min": 1e-4, "max": 1, "log": true }, "optimizer.momentum": { "min": 0, "max": 0.9 } }
        """;

    private static SweepSearch Search(string search) => new(Sweeps.Quadratic(search, epochs: 5));

    // Made-up ends: the loss is smallest at η = 0.02 and momentum 0.5.
    private static TrialOutcome Outcome(TrialRequest r) =>
        Sweeps.Completed(r, Sweeps.Bowl(r.LearningRate, 0.02) + Math.Pow(r.Parameters!["optimizer.momentum"].Number - 0.5, 2));

    private static string Describe(TrialRequest r) => $"{r.Key}#{r.Repeat} {string.Join(",", r.Parameters!.Select(p => $"{p.Key}={p.Value}"))}";

    [Fact]
    public void RandomConfigurationsAreTheSameForTheSameSeedAndOthersForAnother()
    {
        string[] Run(int seed) => [.. Search($$"""{ "kind": "random", "trials": 12, "seed": {{seed}}, {{Space}} }""").Next(100).Select(Describe)];

        var first = Run(3);
        Assert.Equal(12, first.Length);
        Assert.Equal(first, Run(3));
        Assert.NotEqual(first, Run(4));
        Assert.Equal(12, first.Select(d => d[(d.IndexOf(' ') + 1)..]).Distinct().Count());
    }

    [Fact]
    public void AGridOverParametersRunsEveryCombinationEachRepeatWithItsOwnSeed()
    {
        var search = Search("""
            { "kind": "grid", "repeats": 2, "parameters": { "learningRate": { "values": [0.01, 0.02, 0.03] }, "optimizer.momentum": { "values": [0, 0.9] } } }
            """);
        var requests = search.Next(100);

        Assert.Equal(12, requests.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"0/0/{i}"), requests.Select(r => r.Key));
        Assert.Equal(6, requests.Select(r => string.Join(",", r.Parameters!.Values)).Distinct().Count());
        Assert.All(requests, r => Assert.Equal(int.Parse(r.Key[4..], System.Globalization.CultureInfo.InvariantCulture) % 2, r.Repeat));
        Assert.Equal([0.01, 0.01, 0.01, 0.01, 0.02], requests.Take(5).Select(r => r.LearningRate));

        var plan = search.PlanFor(requests[3]);
        Assert.Equal(0.9, ((Engine.Spec.SgdSpec)plan.Optimizer).Momentum);
        Assert.Equal(0.01, plan.LearningRate);
        Assert.Equal(search.Spec.Training.Seed + 1, plan.Training.Seed);
    }

    [Fact]
    public void RepeatsAreRankedByTheirMeanAndTheBestNamesTheBestGroupsBestRun()
    {
        var search = Search("""{ "kind": "grid", "learningRates": [0.01, 0.02], "repeats": 3 }""");
        // η 0.01 has the single best run (0.1) but the worse mean; η 0.02's runs are 0.2, 0.3, 0.4.
        var losses = new Dictionary<string, double> { ["0/0/0"] = 0.1, ["0/0/1"] = 0.9, ["0/0/2"] = 0.8, ["0/0/3"] = 0.3, ["0/0/4"] = 0.2, ["0/0/5"] = 0.4 };
        Sweeps.Drive(search, r => Sweeps.Completed(r, losses[r.Key]));

        Assert.Equal("0/0/4", search.Best!.Key);
        var groups = search.Groups();
        Assert.Equal(2, groups.Count);
        Assert.Equal(0.6, groups[0].Mean!.Value, 12);
        Assert.Equal(0.3, groups[1].Mean!.Value, 12);
        Assert.Equal(0.1, groups[1].Std!.Value, 12);
        Assert.Equal(3, groups[1].N);
        Assert.Equal(["0/0/3", "0/0/4", "0/0/5"], groups[1].Keys);
        Assert.Equal(0.02, groups[1].Parameters["learningRate"].Number);
        Assert.Equal(0.02, search.Stages.Single().BestLearningRate);
    }

    [Fact]
    public void TpeWaitsForTheWindowAndItsParallelProposalsDiffer()
    {
        var search = Search($$"""{ "kind": "tpe", "trials": 30, "seed": 1, "concurrency": 4, {{Space}} }""");
        var first = search.Next(100);
        Assert.Equal(4, first.Count);   // the fifth waits for the first to end
        foreach (var r in first) search.Report(Outcome(r));
        var issued = first.ToList();
        while (issued.Count < 20)
        {
            var next = search.Next(100);
            Assert.Equal(4, next.Count);
            issued.AddRange(next);
            foreach (var r in next) search.Report(Outcome(r));
        }
        // Past the start-up trials, four proposals made at once with the same ends: the liars keep them apart.
        var parallel = issued.Skip(16).Take(4).Select(r => string.Join(",", r.Parameters!.Values)).ToArray();
        Assert.Equal(4, parallel.Distinct().Count());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void TpeProposesTheSameWhateverTheOrderOfTheEndsAndAfterARestoreFromAnyPrefix(int seed)
    {
        var spec = Sweeps.Quadratic($$"""{ "kind": "tpe", "trials": 25, "seed": 7, "concurrency": 3, {{Space}} }""", epochs: 5);
        var oldestFirst = Sweeps.Drive(new SweepSearch(spec), Outcome, capacity: 3).Select(Describe).ToArray();

        var random = new Random(seed);
        var log = new List<SweepFact>();
        var driver = new SweepDriver(spec);
        var inFlight = new List<TrialRequest>();
        while (driver.IsRunning)
        {
            var effects = driver.Pump(int.MaxValue);
            log.AddRange(effects.Log);
            inFlight.AddRange(effects.Launches.Select(l => l.Request));
            if (inFlight.Count == 0) continue;
            var at = random.Next(inFlight.Count);
            log.AddRange(driver.RunEnded(Outcome(inFlight[at]), null).Log);
            inFlight.RemoveAt(at);
        }
        Assert.Equal(oldestFirst.Order(StringComparer.Ordinal), driver.Search.Issued.Select(Describe).Order(StringComparer.Ordinal));

        // A restore from any prefix (the requests after it lost, as when a coordinator dies before its write lands) issues
        // them again and goes on with the same proposals.
        for (var cut = 0; cut <= log.Count; cut += 5)
        {
            var restored = SweepDriver.Restore(spec, null, log.Take(cut), running: true);
            var pending = restored.Search.InFlightKeys.Select(restored.Search.Request).ToList();
            while (!restored.Search.IsComplete)
            {
                pending.AddRange(restored.Pump(int.MaxValue).Launches.Select(l => l.Request));
                var request = pending[^1];
                pending.RemoveAt(pending.Count - 1);
                restored.RunEnded(Outcome(request), null);
            }
            Assert.Equal(oldestFirst.Order(StringComparer.Ordinal), restored.Search.Issued.Select(Describe).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void TpeTakesTheConfigurationsALogHoldsEvenWhenARetriedRunEndsOtherwise()
    {
        var spec = Sweeps.Quadratic($$"""{ "kind": "tpe", "trials": 16, "seed": 2, "concurrency": 2, {{Space}} }""", epochs: 5);
        var driver = new SweepDriver(spec);
        var log = new List<SweepFact>();
        var failedOnce = false;
        while (driver.IsRunning)
        {
            var effects = driver.Pump(int.MaxValue);
            log.AddRange(effects.Log);
            foreach (var launch in effects.Launches)
            {
                var failed = !failedOnce && launch.Request.Key == "0/0/0";
                failedOnce |= failed;
                log.AddRange(driver.RunEnded(failed ? TrialOutcome.Unfinished(launch.Request, TrialStatus.Failed) : Outcome(launch.Request), null).Log);
            }
        }
        // The retry's end of 0/0/0 would change what TPE proposes after it; the logged configurations stand.
        var retried = log.Append(new RunReopened("0/0/0")).Append(new RunReported(Outcome(driver.Search.Request("0/0/0")))).ToList();
        var restored = SweepDriver.Restore(spec, null, retried, running: false);

        Assert.True(restored.Search.IsComplete);
        Assert.Equal(driver.Search.Issued.Select(Describe), restored.Search.Issued.Select(Describe));
    }

    [Fact]
    public void MedianStoppingJudgesOnlyPastTheWarmupOnceEnoughOthersReported()
    {
        var search = Search("""
            { "kind": "grid", "learningRates": [0.01, 0.02, 0.03, 0.04, 0.05], "metric": "trainLoss",
              "earlyStopping": { "kind": "median", "warmupEpochs": 1, "minTrials": 3 } }
            """);
        Assert.Equal([2, 3, 4], search.Rungs(0));
        var r = search.Next(5);
        Assert.True(search.ContinueAtRung(r[4].Key, 1, 1e9), "epoch 1 is the warmup");
        Assert.True(search.ContinueAtRung(r[0].Key, 2, 1.0));
        Assert.True(search.ContinueAtRung(r[1].Key, 2, 2.0));
        Assert.True(search.ContinueAtRung(r[2].Key, 2, 3.0), "two others have reported: fewer than minTrials");
        Assert.False(search.ContinueAtRung(r[3].Key, 2, 2.5), "worse than the median 2 of 1, 2, 3");
        Assert.True(search.ContinueAtRung(r[4].Key, 2, 2.2), "the median of 1, 2, 3, 2.5 is 2.25");
        Assert.True(search.ContinueAtRung(r[4].Key, 5, 1e9), "the last epoch is not judged");
    }

    [Fact]
    public void MedianStoppingStopsAClearlyBadTrialOfALocalSweep()
    {
        var spec = Sweeps.Quadratic("""
            { "kind": "grid", "learningRates": [0.01, 0.02, 0.03, 0.04, 0.049], "metric": "trainLoss",
              "earlyStopping": { "kind": "median", "warmupEpochs": 2, "minTrials": 4 } }
            """, epochs: 8);
        var result = new LocalSweepRunner(threads: 1).Run(spec, cancel: TestContext.Current.CancellationToken);

        // One thread runs the rates in ascending order: 0.049, on the edge of stability (2/L = 0.05), bounces and comes last.
        var slow = result.Trials.Single(t => t.LearningRate == 0.049);
        Assert.Equal(TrialStatus.Stopped, slow.Status);
        Assert.Equal(3, slow.EpochsCompleted);
        Assert.All(result.Trials.Where(t => t != slow), t => Assert.Equal(TrialStatus.Completed, t.Status));
    }

    [Fact]
    public void ALocalTpeSweepWithRepeatsListsParametersAndGroups()
    {
        var spec = Sweeps.Mnist("""
            { "kind": "tpe", "trials": 4, "repeats": 2, "seed": 3,
              "parameters": { "learningRate": { "min": 0.01, "max": 0.5, "log": true }, "optimizer.momentum": { "values": [0, 0.9] } } }
            """, trainSize: 400, validationSize: 200);
        var result = new LocalSweepRunner(threads: 2).Run(spec, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(8, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal(t.LearningRate, t.Parameters!["learningRate"].Number));
        Assert.All(result.Trials, t => Assert.Contains("optimizer.momentum", t.Parameters!.Keys));
        Assert.Equal(4, result.Groups!.Count);
        foreach (var group in result.Groups)
        {
            var trials = group.TrialIds.Select(id => result.Trials.Single(t => t.TrialId == id)).ToArray();
            Assert.Equal(2, trials.Length);
            Assert.Equal(2, group.N);
            Assert.Equal(trials.Average(t => t.ValidationLoss!.Value), group.Mean!.Value, 12);
            Assert.NotEqual(trials[0].ValidationLoss, trials[1].ValidationLoss);   // seeds 1 and 2
        }
        var bestGroup = result.Groups.MinBy(g => g.Mean)!;
        Assert.Contains(result.Best!.TrialId, bestGroup.TrialIds);
    }
}
