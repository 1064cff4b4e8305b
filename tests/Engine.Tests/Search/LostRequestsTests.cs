using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>
/// The cluster's coordinator starts a decision's runs while the write that logs them is on its way. Should it die
/// before that write lands, the next activation restores a prefix of its log, collects the ends it lacks from the
/// trials, and asks the search again: the requests it lost must come back under the same keys with the same rates,
/// or a trial already started would be asked for another run.
/// </summary>
public sealed class LostRequestsTests
{
    public static TheoryData<string> Searches() =>
    [
        """{ "kind": "grid", "learningRates": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3], "metric": "trainLoss" }""",
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
    [MemberData(nameof(Searches))]
    public void EveryPrefixOfTheLogIssuesTheLostRequestsAgainAsTheyWere(string searchJson)
    {
        var spec = Sweeps.Quadratic(searchJson, epochs: 9);
        var original = new SweepSearch(spec);
        var log = Run(original, new Random(7));
        var requests = original.Issued.ToDictionary(r => r.Key);
        var outcomes = log.OfType<TrialOutcome>().ToDictionary(o => o.Key);
        var rangeTests = log.OfType<(string Key, LrFinderResult Result)>().ToDictionary(t => t.Key, t => t.Result);

        var cuts = 0;
        for (var cut = 0; cut <= log.Count; cut += 1 + log.Count / 40, cuts++)
        {
            var stored = log.Take(cut).ToArray();
            var restored = SweepSearch.Restore(spec, stored.OfType<TrialRequest>(), stored.OfType<TrialOutcome>(),
                stored.OfType<(string, LrFinderResult)>(), stored.OfType<RungObservation>());
            // The runs in flight end as they did (their trials keep their ends); what the search asks for anew is
            // compared with what the original asked for under that key.
            var inFlight = new Queue<TrialRequest>(restored.InFlightKeys.Select(restored.Request));
            while (!restored.IsComplete)
            {
                foreach (var request in restored.Next(3))
                {
                    Assert.True(requests.TryGetValue(request.Key, out var was), $"cut {cut}: {request.Key} was never issued by the original");
                    Assert.Equal(was, request);
                    inFlight.Enqueue(request);
                }
                var next = inFlight.Dequeue();
                if (next.Purpose == TrialPurpose.RangeTest) restored.ReportRangeTest(next.Key, rangeTests[next.Key]);
                else restored.Report(outcomes[next.Key]);
            }

            Assert.Equal(requests.Keys.Order(StringComparer.Ordinal), restored.Issued.Select(r => r.Key).Order(StringComparer.Ordinal));
            Assert.Equal(original.Best, restored.Best);
        }
        Assert.True(cuts > 20);
    }

    /// <summary>
    /// Runs a search to its end, three runs at a time, reporting in a seeded random order with ASHA's rung questions
    /// asked on the way; returns every call's argument in the order a coordinator logs them.
    /// </summary>
    private static List<object> Run(SweepSearch search, Random random)
    {
        var log = new List<object>();
        var inFlight = new List<TrialRequest>();
        while (!search.IsComplete)
        {
            var next = search.Next(3 - inFlight.Count);
            log.AddRange(next);
            inFlight.AddRange(next);
            var request = inFlight[random.Next(inFlight.Count)];
            inFlight.Remove(request);
            if (request.Purpose == TrialPurpose.RangeTest)
            {
                var test = Sweeps.RangeTestAt(0.01 * (1 + request.Arm));
                log.Add((request.Key, test));
                search.ReportRangeTest(request.Key, test);
                continue;
            }
            var epoch = 1;
            for (; epoch < 9; epoch++)
            {
                var value = Sweeps.Bowl(request.LearningRate, 0.02 * (1 + request.Arm)) * (1 + random.NextDouble() / epoch);
                log.Add(new RungObservation(request.Key, epoch, value));
                if (!search.ContinueAtRung(request.Key, epoch, value)) break;
            }
            var outcome = Sweeps.Completed(request, Sweeps.Bowl(request.LearningRate, 0.02 * (1 + request.Arm)) + random.NextDouble() * 1e-3,
                status: epoch < 9 ? TrialStatus.Stopped : TrialStatus.Completed);
            log.Add(outcome);
            search.Report(outcome);
        }
        return log;
    }
}
