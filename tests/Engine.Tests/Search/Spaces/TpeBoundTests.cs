using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

/// <summary>Above <see cref="TpeSettings.ExactUpTo"/> finished trials, g(x) models an evenly spaced, reweighted subsample of the bad observations.</summary>
public sealed class TpeBoundTests(ITestOutputHelper output)
{
    [Fact]
    public void AboveTheBoundProposalsDependOnTheSeedAndTheObservationsAlone()
    {
        var observations = TpeHistory.Of(6_000);
        Assert.True(observations.Count(o => o.IsFinished) > TpeSettings.Default.ExactUpTo);
        var first = new TpeSampler(TpeHistory.Space, seed: 3);
        var second = new TpeSampler(TpeHistory.Space, seed: 3);
        var copy = observations.ToArray();
        for (int k = 0; k < 3; k++)
        {
            var proposal = first.Propose(6_000 + k, observations);
            Assert.Equal(proposal, second.Propose(6_000 + k, copy));
            Assert.Equal(proposal, first.Propose(6_000 + k, observations));
        }
        Assert.NotEqual(first.Propose(6_000, observations), first.Propose(6_001, observations));
    }

    [Fact]
    public void WithRoomForEveryBadObservationTheBoundedSplitProposesExactlyWhatTheFullOneDoes()
    {
        var observations = TpeHistory.Of(700);
        var exact = new TpeSampler(TpeHistory.Space, seed: 5);
        var bounded = new TpeSampler(TpeHistory.Space, seed: 5, TpeSettings.Default with { ExactUpTo = 50, BadSample = 1_000 });
        for (int k = 0; k < 5; k++) Assert.Equal(exact.Propose(700 + k, observations), bounded.Propose(700 + k, observations));
    }

    [Fact]
    public void TheSubsampleKeepsTheBestExactlyAndEveryRunsShareOfTheRest()
    {
        var observations = TpeHistory.Of(3_000);
        var (below, above) = TpeSampler.Split(observations, 25);
        using var split = new BoundedSplit(observations.Count);
        foreach (var observation in observations) split.Add(observation);
        var (good, bad, badWeights) = split.Split(25, 100);

        Assert.Equal(below, good);
        Assert.Equal(100, bad.Length);
        var weights = new double[above.Length];
        TpeSettings.Weights(above.Length, weights);
        // Run r is positions [⌈r·n/100⌉, ⌈(r + 1)·n/100⌉) of the rest in proposal order, represented by its newest.
        for (int r = 0; r < 100; r++)
        {
            int start = (r * above.Length + 99) / 100, end = ((r + 1) * above.Length + 99) / 100;
            Assert.Equal(above[end - 1], bad[r]);
            Assert.Equal(weights[start..end].Sum(), badWeights[r], 12);
        }
        Assert.Equal(above[^1], bad[^1]);
    }

    /// <summary>
    /// One study of the bowl up to the bound, then continued twice for 904 more trials, by the bounded sampler and by
    /// the exact one: the bounded proposals land as close to the minimum as the exact ones (medians of their losses).
    /// </summary>
    [Fact]
    public void AtFiveThousandTrialsTheBoundedSearchProposesAsWellAsTheExactOne()
    {
        const int trials = 5_000;
        int bound = TpeSettings.Default.ExactUpTo;
        var bounded = new TpeSampler(Bowl.Space, seed: 1);
        var exact = new TpeSampler(Bowl.Space, seed: 1, TpeSettings.Default with { ExactUpTo = int.MaxValue });
        var shared = Study(exact, [], bound);
        var boundedTail = Study(bounded, shared, trials)[bound..].Select(o => o.Value).Order().ToArray();
        var exactTail = Study(exact, shared, trials)[bound..].Select(o => o.Value).Order().ToArray();
        double boundedMedian = boundedTail[boundedTail.Length / 2], exactMedian = exactTail[exactTail.Length / 2];
        output.WriteLine($"trials {bound}–{trials}: median loss bounded {boundedMedian:E3}, exact {exactMedian:E3}; best {boundedTail[0]:E3}, {exactTail[0]:E3}");
        Assert.True(boundedMedian <= 2 * exactMedian, $"median loss bounded {boundedMedian:E3}, exact {exactMedian:E3}");
    }

    private static List<TrialObservation> Study(TpeSampler sampler, List<TrialObservation> start, int trials)
    {
        var observations = new List<TrialObservation>(start);
        for (int k = observations.Count; k < trials; k++)
        {
            var point = sampler.Propose(k, observations);
            observations.Add(TrialObservation.Completed(point, Bowl.Loss(point)));
        }
        return observations;
    }
}
