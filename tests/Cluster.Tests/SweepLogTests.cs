using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>The coordinator's log without a cluster: replaying its entries, and reading an old head's dictionaries as entries.</summary>
public sealed class SweepLogTests
{
    private static readonly string[] Searches =
    [
        """{"kind":"coarse-to-fine","min":1e-4,"max":1,"refinements":3,"pointsPerRefinement":4,"metric":"trainLoss","earlyStopping":{"kind":"asha"},"arms":[{"name":"a"},{"name":"b","optimizer":{"kind":"adam"}}]}""",
        """{"kind":"lr-finder-then-grid","pointsPerRefinement":7,"metric":"trainLoss","earlyStopping":{"kind":"asha","reductionFactor":2},"arms":[{"name":"a"},{"name":"b","optimizer":{"kind":"adam"}}]}""",
    ];

    public static TheoryData<int> SearchIndexes() => [0, 1];

    [Theory]
    [MemberData(nameof(SearchIndexes))]
    public void ALogReplayedInPagesOfAnySizeRestoresTheSearchThatWroteIt(int searchIndex)
    {
        var spec = Spec(Searches[searchIndex]);
        for (var cut = 1; cut < 60; cut += 11)
        {
            var random = new Random(cut);
            var (search, log) = Drive(spec, cut, random);
            var replay = new SweepLogReplay();
            for (var at = 0; at < log.Count;)
            {
                var page = Math.Min(log.Count - at, random.Next(1, 40));
                replay.Apply(log.GetRange(at, page));
                at += page;
            }

            var restored = replay.Restore(spec, null);

            Assert.Equal(log.Count, replay.Entries);
            Assert.Equal(Describe(search), Describe(restored));
            Assert.Equal(search.Issued, restored.Issued);
        }
    }

    [Fact]
    public void AReplayKeepsEachRunsLatestEndAndRungValueAndForgetsAReopenedEnd()
    {
        var spec = Spec("""{"kind":"grid","learningRates":[0.01,0.02,0.03],"metric":"trainLoss","earlyStopping":{"kind":"asha","minEpochs":1}}""");
        var requests = new SweepSearch(spec).Next(3);
        var failed = TrialOutcome.Unfinished(requests[0], TrialStatus.Failed);
        var second = Completed(requests[1], 0.5);
        var replay = new SweepLogReplay();
        replay.Apply([
            .. requests.Select(RequestIssued.Of),
            new OutcomeReported(failed),
            new RungObserved(requests[1].Key, 1, 2.0),
            // A restarted run reports at its rung again: the later value replaces the earlier.
            new RungObserved(requests[1].Key, 1, 1.5),
            new OutcomeReported(second),
            // A retry: the failed run's end no longer counts; a request logged again is the same fact.
            new OutcomeReopened(requests[0].Key),
            RequestIssued.Of(requests[0]),
        ]);

        var restored = replay.Restore(spec, null);

        Assert.Equal(requests, replay.Issued);
        Assert.Equal([second], replay.Outcomes);
        Assert.Equal([new RungObservation(requests[1].Key, 1, 1.5)], replay.Rungs);
        Assert.Equal(requests, restored.Issued);
        Assert.Equal([requests[0].Key, requests[2].Key], restored.InFlightKeys.Order(StringComparer.Ordinal));
        Assert.Null(restored.OutcomeOf(requests[0].Key));
        Assert.Equal(second, restored.OutcomeOf(requests[1].Key));
    }

    [Fact]
    public void AnEntryOfEveryKindConvertsBackToTheRecordItWasMadeOf()
    {
        var request = new TrialRequest("1/2/3", 1, 2, 0.0125, TrialPurpose.RangeTest);
        var outcome = new TrialOutcome("1/2/3", 1, 2, 0.0125, TrialStatus.Diverged, double.NaN, null, 0.25, 7, 2.5, Verdict.Oscillating, 1.5);
        var unfinished = TrialOutcome.Unfinished(request, TrialStatus.Cancelled);
        var test = new LrFinderResult([new LrFinderPoint(0, 1e-7, 2.5, 2.5), new LrFinderPoint(1, 1e-6, double.NaN, 2.4)], new LrSuggestions(1e-3, 1e-2, 3e-3), 3e-3, 0.75);

        Assert.Equal(request, RequestIssued.Of(request).ToRequest());
        Assert.Equal(new Engine.Search.Driver.RunReported(outcome), SweepLogEntry.Of(new Engine.Search.Driver.RunReported(outcome)).ToFact());
        Assert.Equal(new Engine.Search.Driver.RunReported(unfinished), SweepLogEntry.Of(new Engine.Search.Driver.RunReported(unfinished)).ToFact());
        Assert.Equal("1/2/3", new OutcomeReported(outcome).Key);
        Assert.Equal(new RungObservation("1/2/3", 3, double.NaN), RungObserved.Of(new RungObservation("1/2/3", 3, double.NaN)).ToObservation());
        var read = RangeTestReported.Of("1/2/3", test).ToResult();
        Assert.Equal(test.Curve, read.Curve);
        Assert.Equal((test.Suggestions, test.Suggested, test.WallSeconds), (read.Suggestions, read.Suggested, read.WallSeconds));
    }

    private static SweepSpec Spec(string search) => SpecParser.Parse(
        """{"name":"q","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":9},"search":"""
        + search + "}");

    /// <summary>
    /// A coordinator stand-in: <paramref name="decisions"/> cycles of issue, then one run in flight (picked at random)
    /// reported, its rung values first; every call logged as the grain logs it. Returns the live search and its log.
    /// </summary>
    private static (SweepSearch Search, List<SweepLogEntry> Log) Drive(SweepSpec spec, int decisions, Random random)
    {
        var search = new SweepSearch(spec);
        var log = new List<SweepLogEntry>();
        var inFlight = new List<TrialRequest>();
        for (var i = 0; i < decisions && !search.IsComplete; i++)
        {
            var next = search.Next(3);
            log.AddRange(next.Select(RequestIssued.Of));
            inFlight.AddRange(next);
            var at = random.Next(inFlight.Count);
            var request = inFlight[at];
            inFlight.RemoveAt(at);
            if (request.Purpose == TrialPurpose.RangeTest)
            {
                var suggested = 0.01 * (1 + request.Arm);
                var test = new LrFinderResult([new LrFinderPoint(0, 1e-7, 2.3, 2.3)], new LrSuggestions(suggested, suggested, suggested), suggested, 0.2);
                log.Add(RangeTestReported.Of(request.Key, test));
                search.ReportRangeTest(request.Key, test);
                continue;
            }
            var loss = 0.1 + Math.Pow(Math.Log10(request.LearningRate / (0.02 * (1 + request.Arm))), 2);
            var epoch = 1;
            for (; epoch < 9; epoch++)
            {
                var value = loss * (1 + random.NextDouble() / epoch);
                log.Add(new RungObserved(request.Key, epoch, value));
                if (!search.ContinueAtRung(request.Key, epoch, value)) break;
            }
            var outcome = Completed(request, loss, epoch < 9 ? TrialStatus.Stopped : TrialStatus.Completed);
            log.Add(new OutcomeReported(outcome));
            search.Report(outcome);
        }
        return (search, log);
    }

    private static TrialOutcome Completed(TrialRequest r, double trainLoss, TrialStatus status = TrialStatus.Completed) =>
        new(r.Key, r.Arm, r.Stage, r.LearningRate, status, trainLoss, trainLoss, null, 1, 2.3, Verdict.Good, 0.5);

    private static string Describe(SweepSearch search) => string.Join("\n",
        search.Stages.Select(s => $"stage {s.Arm}/{s.Index} {s.Kind} [{string.Join(",", s.LearningRates.Select(r => r.ToString("R")))}] {s.BestLearningRate:R}")
            .Concat(search.Outcomes.Select(o => $"{o.Key} {o.Status} {o.TrainLoss:R}"))
            .Concat(search.InFlightKeys.Order(StringComparer.Ordinal).Select(k => $"in flight {k}"))
            .Append($"best {search.Best?.Key} complete {search.IsComplete}"));
}
