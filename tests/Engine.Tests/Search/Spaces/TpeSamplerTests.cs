using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

public sealed class TpeSamplerTests(ITestOutputHelper output)
{
    private static readonly SearchSpace Mixed = new(
        new FloatDimension("learningRate", 1e-5, 1, log: true),
        new FloatDimension("optimizer.momentum", 0, 0.99),
        new FloatDimension("optimizer.weightDecay", 1e-6, 1e-2, log: true),
        new CategoricalDimension("training.batchSize", [ParameterValue.Of(32), ParameterValue.Of(64), ParameterValue.Of(128), ParameterValue.Of(256)]),
        new IntegerDimension("schedule.warmup.steps", 0, 500));

    private static double MixedLoss(SearchPoint p) =>
        Bowl.Loss(p) + 0.1 * Math.Pow(Math.Log10(p[2] / 1e-4), 2) + (p[3] == 1 ? 0 : 0.05) + Math.Pow((p[4] - 100) / 500, 2);

    /// <summary>Finished trials on the bowl, proposed by <paramref name="sampler"/> one at a time.</summary>
    private static List<TrialObservation> Finished(ISearchSampler sampler, int count, Func<SearchPoint, double> loss)
    {
        var observations = new List<TrialObservation>();
        for (int k = 0; k < count; k++)
        {
            var point = sampler.Propose(k, observations);
            observations.Add(TrialObservation.Completed(point, loss(point)));
        }
        return observations;
    }

    private static SearchPoint P(double x) => new([x]);

    [Fact]
    public void ObservationsRankCompletedThenPrunedDeepestFirstThenDivergedAndInFlightWithFailedLeftOut()
    {
        TrialObservation[] observations =
        [
            TrialObservation.Completed(P(0), 5),     // 0
            TrialObservation.Pruned(P(1), 3, 1.0),   // 1: pruned at step 3, after every completed one
            TrialObservation.Completed(P(2), 2),     // 2
            TrialObservation.InFlight(P(3)),         // 3: worst
            TrialObservation.Diverged(P(4)),         // 4: worst
            TrialObservation.Pruned(P(5), 5, 9.0),   // 5: deeper than 1, so better than it whatever the value
            TrialObservation.Failed(P(6)),           // 6: absent
            TrialObservation.Completed(P(7), 7),     // 7
        ];
        // Ranked: 2 (2), 0 (5), 7 (7), 5 (step 5), 1 (step 3), 3, 4. The best three, then the rest, each in proposal order.
        var (below, above) = TpeSampler.Split(observations, 3);
        Assert.Equal([0, 2, 7], below);
        Assert.Equal([1, 3, 4, 5], above);
    }

    [Fact]
    public void GammaAndWeightsAreOptunasDefaults()
    {
        // default_gamma: min(ceil(0.1 n), 25), as Optuna 3.1 prints for these n.
        Assert.Equal([1, 1, 2, 2, 3, 25, 25], new[] { 1, 10, 11, 20, 30, 250, 1000 }.Select(TpeSettings.Gamma));

        // default_weights(30): linspace(1/30, 1, 5) then 25 ones; numpy gives 0.03333333, 0.275, 0.51666667, 0.75833333, 1.
        var weights = new double[30];
        TpeSettings.Weights(30, weights);
        Near.Equal([1 / 30.0, 0.275, 0.5166666666666667, 0.7583333333333333, 1.0], weights[..5], 1e-15);
        Assert.All(weights[5..], w => Assert.Equal(1.0, w));
        var few = new double[24];
        TpeSettings.Weights(24, few);
        Assert.All(few, w => Assert.Equal(1.0, w));
    }

    [Fact]
    public void TheFirstTenProposalsAreRandomSearchsAndTheEleventhIsNot()
    {
        var tpe = new TpeSampler(Mixed, 4);
        var random = new RandomSampler(Mixed, 4);
        var observations = Finished(tpe, 10, MixedLoss);
        for (int k = 0; k < 10; k++) Assert.Equal(random.Propose(k, []), observations[k].Point);
        Assert.NotEqual(random.Propose(10, []), tpe.Propose(10, observations));
    }

    [Fact]
    public void DivergedTrialsCountAsFinishedAndFailedOnesDoNot()
    {
        var tpe = new TpeSampler(Mixed, 4);
        var random = new RandomSampler(Mixed, 4);
        var nine = Finished(tpe, 9, MixedLoss);
        var tenth = tpe.Propose(9, nine);

        List<TrialObservation> failed = [.. nine, TrialObservation.Failed(tenth)];
        Assert.Equal(random.Propose(10, []), tpe.Propose(10, failed));           // nine finished: still random

        List<TrialObservation> diverged = [.. nine, TrialObservation.Diverged(tenth)];
        Assert.NotEqual(random.Propose(10, []), tpe.Propose(10, diverged));      // ten finished: TPE
    }

    [Fact]
    public void TheSameSeedAndObservationsGiveTheSameProposalsAfterARestore()
    {
        // A search with four slots: proposals made while others are in flight, finished in a shuffled order.
        var original = new TpeSampler(Mixed, 11);
        var log = new List<TrialObservation>();
        var proposals = new List<(int Trial, TrialObservation[] Seen, SearchPoint Point)>();
        var order = new SweepCluster.Engine.Data.SeededRandom(1);
        for (int k = 0; k < 40; k++)
        {
            var seen = log.ToArray();
            var point = original.Propose(k, seen);
            proposals.Add((k, seen, point));
            log.Add(TrialObservation.InFlight(point));
            if (k % 4 == 3)
            {
                foreach (int i in order.Permutation(4).Select(j => k - 3 + j))
                    log[i] = i % 7 == 0 ? TrialObservation.Diverged(log[i].Point) : TrialObservation.Completed(log[i].Point, MixedLoss(log[i].Point));
            }
        }

        // A restored coordinator rebuilds each point from the trial's recorded parameters, in a fresh sampler.
        var restored = new TpeSampler(Mixed, 11);
        foreach (var (trial, seen, point) in proposals)
        {
            var rebuilt = seen.Select(o => Rebuild(o, Mixed.PointOf(Mixed.Describe(o.Point)))).ToArray();
            Assert.Equal(point, restored.Propose(trial, rebuilt));
        }
        // And the sampler keeps no state between calls: asking again, out of order, gives the same points.
        Assert.Equal(proposals[30].Point, original.Propose(30, proposals[30].Seen));
        Assert.Equal(proposals[20].Point, original.Propose(20, proposals[20].Seen));
        Assert.NotEqual(proposals[30].Point, new TpeSampler(Mixed, 12).Propose(30, proposals[30].Seen));
    }

    private static TrialObservation Rebuild(TrialObservation o, SearchPoint point) => o.Status switch
    {
        ObservationStatus.Completed => TrialObservation.Completed(point, o.Value),
        ObservationStatus.Diverged => TrialObservation.Diverged(point),
        _ => TrialObservation.InFlight(point),
    };

    [Fact]
    public void EveryProposalIsAPointOfTheSpace()
    {
        var tpe = new TpeSampler(Mixed, 2);
        var observations = Finished(tpe, 60, MixedLoss);
        Assert.All(observations, o => Assert.True(Mixed.Contains(o.Point), $"{o.Point} is outside the space"));
        Assert.True(observations.Skip(10).Select(o => o.Point[3]).Distinct().Count() > 1);
    }

    [Fact]
    public void ASingleValuedDimensionKeepsItsValue()
    {
        var space = new SearchSpace(
            new FloatDimension("learningRate", 1e-5, 1, log: true),
            new FloatDimension("optimizer.momentum", 0, 0.99),
            new FloatDimension("fixed", 0.5, 0.5),
            new CategoricalDimension("one", [ParameterValue.Of("sgd")]));
        var observations = Finished(new TpeSampler(space, 1), 30, Bowl.Loss);
        Assert.All(observations, o => Assert.Equal([o.Point[0], o.Point[1], 0.5, 0.0], o.Point.Coordinates));
    }

    [Fact]
    public void TwoProposalsMadeBackToBackWithTheFirstInFlightDiffer()
    {
        var tpe = new TpeSampler(Bowl.Space, 8);
        var observations = Finished(tpe, 20, Bowl.Loss);
        var first = tpe.Propose(20, observations);
        var second = tpe.Propose(21, [.. observations, TrialObservation.InFlight(first)]);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void AnInFlightPointPushesTheSameDrawsAwayFromIt()
    {
        // Same trial index, hence the same candidates from the same l(x): only g(x) changes, by the in-flight point's kernel.
        int moved = 0;
        for (int seed = 0; seed < 10; seed++)
        {
            var tpe = new TpeSampler(Bowl.Space, seed);
            var observations = Finished(tpe, 20, Bowl.Loss);
            var alone = tpe.Propose(20, observations);
            var withLiar = tpe.Propose(20, [.. observations, TrialObservation.InFlight(alone)]);
            if (!withLiar.Equals(alone)) moved++;
        }
        Assert.Equal(10, moved);
    }

    [Fact]
    public void ParallelSlotsSpreadOutWithTheLiar()
    {
        // Eight slots proposed at once after 20 finished trials: with the in-flight ones counted, the nearest neighbour of
        // each proposal (in log₁₀ η and momentum, scaled to their ranges) is half as far again as when each slot sees the
        // finished trials only.
        var withLiar = new List<double>();
        var without = new List<double>();
        for (int seed = 0; seed < 10; seed++)
        {
            var tpe = new TpeSampler(Bowl.Space, seed);
            var finished = Finished(tpe, 20, Bowl.Loss);
            var liar = new List<TrialObservation>(finished);
            var batchLiar = new List<SearchPoint>();
            var batchPlain = new List<SearchPoint>();
            for (int slot = 0; slot < 8; slot++)
            {
                var point = tpe.Propose(20 + slot, liar);
                batchLiar.Add(point);
                liar.Add(TrialObservation.InFlight(point));
                batchPlain.Add(tpe.Propose(20 + slot, finished));
            }
            withLiar.Add(MeanNearestNeighbour(batchLiar));
            without.Add(MeanNearestNeighbour(batchPlain));
        }
        output.WriteLine($"mean nearest-neighbour distance per seed, with the liar: {string.Join(" ", withLiar.Select(v => v.ToString("F3")))}");
        output.WriteLine($"without: {string.Join(" ", without.Select(v => v.ToString("F3")))}");
        Assert.True(withLiar.Order().ElementAt(5) > 1.5 * without.Order().ElementAt(5),
            $"median spread with the liar {withLiar.Order().ElementAt(5):G3}, without {without.Order().ElementAt(5):G3}");
    }

    private static double MeanNearestNeighbour(List<SearchPoint> points) => points.Average(p => points
        .Where(q => !ReferenceEquals(p, q))
        .Min(q => Math.Sqrt(Math.Pow(Math.Log10(p[0] / q[0]) / 5, 2) + Math.Pow((p[1] - q[1]) / 0.99, 2))));

    [Fact]
    public void AnObservationOutsideTheSpaceIsRefused()
    {
        var tpe = new TpeSampler(Bowl.Space, 1);
        var error = Assert.Throws<ArgumentException>(() => tpe.Propose(1, [TrialObservation.Completed(new SearchPoint([2.0, 0.5]), 1)]));
        Assert.Contains("not in the search space", error.Message);
    }
}
