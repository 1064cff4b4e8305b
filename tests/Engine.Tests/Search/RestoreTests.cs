using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>A coordinator persists what it issued and what was reported; a search rebuilt from that continues identically.</summary>
public sealed class RestoreTests
{
    /// <summary>A coordinator stand-in: issues, reports in a seeded random order, and keeps the log a grain would persist.</summary>
    private sealed class Coordinator(SweepSearch search, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly List<TrialRequest> _inFlight = [];

        public SweepSearch Search { get; set; } = search;
        public List<TrialRequest> Issued { get; } = [];
        public List<TrialOutcome> Finished { get; } = [];
        public List<(string, LrFinderResult)> RangeTests { get; } = [];
        public List<RungObservation> Rungs { get; } = [];
        public List<string> Trace { get; } = [];

        /// <summary>Runs up to <paramref name="decisions"/> report cycles; the trace records every decision the search made.</summary>
        public void Step(int decisions)
        {
            for (var i = 0; i < decisions && !Search.IsComplete; i++)
            {
                var next = Search.Next(3);
                Issued.AddRange(next);
                _inFlight.AddRange(next);
                Trace.AddRange(next.Select(r => $"issue {r.Key} {r.LearningRate:R}"));
                var at = _random.Next(_inFlight.Count);
                var request = _inFlight[at];
                _inFlight.RemoveAt(at);
                if (request.Purpose == TrialPurpose.RangeTest)
                {
                    var test = Sweeps.RangeTestAt(0.01 * (1 + request.Arm));
                    RangeTests.Add((request.Key, test));
                    Search.ReportRangeTest(request.Key, test);
                    continue;
                }
                var epoch = 1;
                for (; epoch < 9; epoch++)
                {
                    var value = Sweeps.Bowl(request.LearningRate, 0.02 * (1 + request.Arm)) * (1 + _random.NextDouble() / epoch);
                    Rungs.Add(new RungObservation(request.Key, epoch, value));
                    var goOn = Search.ContinueAtRung(request.Key, epoch, value);
                    Trace.Add($"rung {request.Key} {epoch} {goOn}");
                    if (!goOn) break;
                }
                var outcome = Sweeps.Completed(request, Sweeps.Bowl(request.LearningRate, 0.02 * (1 + request.Arm)),
                    status: epoch < 9 ? TrialStatus.Stopped : TrialStatus.Completed);
                Finished.Add(outcome);
                Search.Report(outcome);
            }
        }

        /// <summary>A new search from the persisted log, shuffled: restore must not depend on the order.</summary>
        public SweepSearch Restored(SweepSpec spec) => SweepSearch.Restore(
            spec,
            Issued.OrderBy(_ => _random.Next()).ToArray(),
            Finished.OrderBy(_ => _random.Next()).ToArray(),
            RangeTests.OrderBy(_ => _random.Next()).ToArray(),
            Rungs.OrderBy(_ => _random.Next()).ToArray());
    }

    public static TheoryData<string> Specs() => [.. SearchKinds];

    private static readonly string[] SearchKinds =
    [
        """
        { "kind": "coarse-to-fine", "min": 1e-4, "max": 1, "refinements": 3, "pointsPerRefinement": 4, "metric": "trainLoss",
          "earlyStopping": { "kind": "asha" }, "arms": [ { "name": "a" }, { "name": "b", "optimizer": { "kind": "adam" } } ] }
        """,
        """
        { "kind": "lr-finder-then-grid", "pointsPerRefinement": 7, "metric": "trainLoss", "earlyStopping": { "kind": "asha", "reductionFactor": 2 },
          "arms": [ { "name": "a" }, { "name": "b", "optimizer": { "kind": "adam" } } ] }
        """,
    ];

    [Theory]
    [MemberData(nameof(Specs))]
    public void ARestoredSearchContinuesExactlyAsTheOriginal(string searchJson)
    {
        var spec = Sweeps.Quadratic(searchJson, epochs: 9);
        for (var cut = 1; cut < 40; cut += 7)
        {
            var original = new Coordinator(new SweepSearch(spec), seed: cut);
            original.Step(cut);
            var restored = original.Restored(spec);

            // Both continue with the same in-flight runs and the same random reports from here on.
            var twin = new Coordinator(restored, seed: 99);
            var again = new Coordinator(original.Search, seed: 99);
            foreach (var r in original.Search.InFlightKeys.ToArray())
                Assert.Contains(r, restored.InFlightKeys);
            Assert.Equal(original.Search.InFlight, restored.InFlight);
            Assert.Equal(Describe(original.Search), Describe(restored));
            InFlightOf(again, original);
            InFlightOf(twin, original);
            again.Step(1000);
            twin.Step(1000);
            Assert.True(restored.IsComplete);
            Assert.Equal(again.Trace, twin.Trace);
            Assert.Equal(Describe(original.Search), Describe(restored));
        }
    }

    [Fact]
    public void ReplayingTheSameCallsInTheSameOrderGivesTheSameSearch()
    {
        var spec = Sweeps.Quadratic(SearchKinds[0], epochs: 9);
        var first = new Coordinator(new SweepSearch(spec), seed: 5);
        first.Step(1000);
        var second = new Coordinator(new SweepSearch(spec), seed: 5);
        second.Step(1000);
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(Describe(first.Search), Describe(second.Search));
    }

    [Fact]
    public void ALogThatDoesNotFitTheSpecIsRefused()
    {
        var spec = Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.01, 0.02], "metric": "trainLoss" }""");
        var stray = new TrialRequest("0/1/0", 0, 1, 0.5, TrialPurpose.Train);
        Assert.Throws<InvalidOperationException>(() => SweepSearch.Restore(spec, [stray], [], []));
        var moved = new TrialRequest("0/0/0", 0, 0, 0.5, TrialPurpose.Train);
        Assert.Throws<InvalidOperationException>(() => SweepSearch.Restore(spec, [moved], [], []));
    }

    [Fact]
    public void IssuedRunsWithoutAReportAreInFlightAgain()
    {
        var spec = Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.01, 0.02, 0.03], "metric": "trainLoss" }""");
        var search = new SweepSearch(spec);
        var issued = search.Next(2);
        search.Report(Sweeps.Completed(issued[0], 1));
        var restored = SweepSearch.Restore(spec, issued, [Sweeps.Completed(issued[0], 1)], []);
        Assert.Equal(["0/0/1"], restored.InFlightKeys);
        Assert.Equal("0/0/2", Assert.Single(restored.Next(5)).Key);
    }

    [Fact]
    public void ARestoredSearchListsItsRunsInTheLogsOrderAndTellsHowEachEnded()
    {
        var spec = Sweeps.Quadratic("""{ "kind": "lr-finder-then-grid", "pointsPerRefinement": 3, "metric": "trainLoss", "arms": [ { "name": "a" }, { "name": "b", "optimizer": { "kind": "adam" } } ] }""");
        var search = new SweepSearch(spec);
        var tests = search.Next(2);
        var failed = TrialOutcome.Unfinished(tests[1], TrialStatus.Failed);
        search.Report(failed);
        search.ReportRangeTest(tests[0].Key, Sweeps.RangeTestAt(0.01));
        var grid = search.Next(2);
        var done = Sweeps.Completed(grid[0], 1);
        search.Report(done);
        // Any order restores the same search; the restored one lists its requests in the order it was given.
        TrialRequest[] log = [grid[1], tests[1], grid[0], tests[0]];

        var restored = SweepSearch.Restore(spec, log, [done, failed], [(tests[0].Key, Sweeps.RangeTestAt(0.01))]);

        Assert.Equal([.. tests, .. grid], search.Issued);
        Assert.Equal(log, restored.Issued);
        Assert.Equal(grid[1], restored.Request(grid[1].Key));
        Assert.Equal([grid[1].Key], restored.InFlightKeys);
        Assert.True(restored.IsInFlight(grid[1].Key));
        Assert.False(restored.IsInFlight(grid[0].Key));
        Assert.False(restored.IsInFlight("0/9/9"));
        Assert.Equal(done, restored.OutcomeOf(grid[0].Key));
        Assert.Equal(failed, restored.OutcomeOf(tests[1].Key));
        // A range test that finished has a result, not an outcome; a run in flight has neither yet.
        Assert.Null(restored.OutcomeOf(tests[0].Key));
        Assert.Null(restored.OutcomeOf(grid[1].Key));
        Assert.Throws<ArgumentException>(() => restored.Request("0/9/9"));
    }

    /// <summary>The in-flight runs of <paramref name="source"/> become those of <paramref name="target"/>'s own list.</summary>
    private static void InFlightOf(Coordinator target, Coordinator source)
    {
        var field = typeof(Coordinator).GetField("_inFlight", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var list = (List<TrialRequest>)field.GetValue(target)!;
        list.Clear();
        list.AddRange(((List<TrialRequest>)field.GetValue(source)!).OrderBy(r => r.Key, StringComparer.Ordinal));
    }

    private static string Describe(SweepSearch search) => string.Join("\n",
        search.Stages.Select(s => $"stage {s.Arm}/{s.Index} {s.Kind} [{string.Join(",", s.LearningRates.Select(r => r.ToString("R")))}] {s.BestLearningRate:R}")
            .Concat(search.Outcomes.Select(o => $"{o.Key} {o.Status} {o.TrainLoss:R}"))
            .Append($"best {search.Best?.Key} complete {search.IsComplete}"));
}
