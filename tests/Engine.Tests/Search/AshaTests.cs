using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>Asynchronous successive halving on made-up learning curves.</summary>
public sealed class AshaTests
{
    private static SweepSearch Search(string rates, int epochs = 9, double reductionFactor = 3, int minEpochs = 1) =>
        new(Sweeps.Quadratic($$"""
            { "kind": "grid", "learningRates": {{rates}}, "metric": "trainLoss",
              "earlyStopping": { "kind": "asha", "reductionFactor": {{reductionFactor}}, "minEpochs": {{minEpochs}} } }
            """, epochs));

    [Theory]
    [InlineData(9, 3, 1, new[] { 1, 3 })]
    [InlineData(10, 3, 1, new[] { 1, 3, 9 })]
    [InlineData(20, 2, 2, new[] { 2, 4, 8, 16 })]
    [InlineData(20, 2.5, 1, new[] { 1, 3, 6, 16 })]
    [InlineData(1, 3, 1, new int[0])]
    public void RungsAreAtMinEpochsTimesPowersOfTheFactorBelowTheEpochs(int epochs, double factor, int minEpochs, int[] rungs) =>
        Assert.Equal(rungs, Search("[0.01]", epochs, factor, minEpochs).Rungs(0));

    [Fact]
    public void TheFirstTrialAtARungContinuesHoweverBad()
    {
        var search = Search("[0.01, 0.02]");
        var requests = search.Next(2);
        Assert.True(search.ContinueAtRung(requests[0].Key, 1, 1e9));
    }

    [Fact]
    public void ATrialContinuesOnlyInTheTopThirdOfItsRung()
    {
        var search = Search("[0.01, 0.02, 0.03, 0.04, 0.05, 0.06]");
        var r = search.Next(6);
        Assert.True(search.ContinueAtRung(r[0].Key, 1, 5));    // n = 1: top 1
        Assert.False(search.ContinueAtRung(r[1].Key, 1, 6));   // n = 2: top 1 is 5
        Assert.True(search.ContinueAtRung(r[2].Key, 1, 4));    // n = 3: top 1 is 4
        Assert.False(search.ContinueAtRung(r[3].Key, 1, 4.5)); // n = 4: top 1 is 4
        Assert.False(search.ContinueAtRung(r[4].Key, 1, 4.9)); // n = 5: top 1 is 4
        Assert.True(search.ContinueAtRung(r[5].Key, 1, 4.2));  // n = 6: top 2 are 4, 4.2
        Assert.True(search.ContinueAtRung(r[0].Key, 2, 1e9), "epoch 2 is no rung");
    }

    [Fact]
    public void AccuracyIsKeptFromTheTop()
    {
        var search = new SweepSearch(Sweeps.Mnist("""
            { "kind": "grid", "learningRates": [0.1, 0.2], "metric": "validationAccuracy", "earlyStopping": { "kind": "asha", "reductionFactor": 2 } }
            """, epochs: 3));
        var r = search.Next(2);
        Assert.True(search.ContinueAtRung(r[0].Key, 1, 0.8));
        Assert.True(search.ContinueAtRung(r[1].Key, 1, 0.9));
        Assert.False(search.ContinueAtRung(r[0].Key, 2, 0.7) && search.ContinueAtRung(r[1].Key, 2, 0.6));
    }

    [Fact]
    public void ARestartedTrialReportingAgainIsNotCountedTwice()
    {
        var search = Search("[0.01, 0.02, 0.03]", reductionFactor: 2);
        var r = search.Next(3);
        Assert.True(search.ContinueAtRung(r[0].Key, 1, 3));
        Assert.True(search.ContinueAtRung(r[0].Key, 1, 1));   // the same trial, restarted: its value replaces 3
        Assert.False(search.ContinueAtRung(r[1].Key, 1, 2));  // n = 2, top 1 is 1 (with 3 counted twice it would pass)
    }

    [Fact]
    public void EachStageHalvesAgainstItsOwnTrials()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""
            { "kind": "coarse-to-fine", "min": 0.01, "max": 1, "refinements": 1, "metric": "trainLoss",
              "earlyStopping": { "kind": "asha", "reductionFactor": 3 } }
            """, epochs: 9));
        var coarse = search.Next(10);
        Assert.True(search.ContinueAtRung(coarse[0].Key, 1, 0.001));
        foreach (var r in coarse) search.Report(Sweeps.Completed(r, r.LearningRate));
        var refine = search.Next(10);
        Assert.True(search.ContinueAtRung(refine[0].Key, 1, 0.5), "the first of stage 1 at its rung, whatever stage 0 recorded");
    }

    [Fact]
    public void InASimpleSweepSomeTrialsStopAndTheBestNeverDoes()
    {
        // Each trial's loss after e epochs is f(η)·(1 + 4/e): the order of trials never changes, so successive halving
        // must never stop the best one, whatever order the trials reach their rungs in.
        var rates = LogGrid.PerDecade(1e-3, 1, 9);
        var search = Search("[" + string.Join(", ", rates.Select(r => r.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]", epochs: 27);
        double Loss(TrialRequest r, int epoch) => Sweeps.Bowl(r.LearningRate, 0.05) * (1 + 4.0 / epoch);
        var random = new Random(3);
        var outcomes = new List<TrialOutcome>();
        Sweeps.Drive(search, r =>
        {
            var epoch = 1;
            while (epoch < 27 && search.ContinueAtRung(r.Key, epoch, Loss(r, epoch))) epoch++;
            var outcome = Sweeps.Completed(r, Loss(r, epoch), status: epoch < 27 ? TrialStatus.Stopped : TrialStatus.Completed) with { EpochsCompleted = epoch };
            outcomes.Add(outcome);
            return outcome;
        }, capacity: 4, order: f => random.Next(f.Count));
        var optimum = rates.MinBy(r => Sweeps.Bowl(r, 0.05));
        Assert.Contains(outcomes, o => o.Status == TrialStatus.Stopped);
        Assert.Equal(TrialStatus.Completed, outcomes.Single(o => o.LearningRate == optimum).Status);
        Assert.Equal(optimum, search.Best!.LearningRate);
    }
}
