using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Search;

public sealed class LrRangeTestTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static LrFinderResult RangeTest(SweepSpec spec, LrRangeTestSettings? settings = null) =>
        LrRangeTest.Run(spec, spec.ResolvedArms()[0], settings ?? LrRangeTestSettings.From(spec.Search)!, null, Cancel);

    [Fact]
    public void OnTheQuadraticTheTestStopsSoonAfterTwoOverLAndEverySuggestionIsStable()
    {
        // Past 2/L = 0.05 the λ = 40 component grows again, from the tiny size earlier steps left it at, so the
        // loss shows it a few steps later; the test must stop within a decade of 2/L and suggest only stable rates.
        var result = RangeTest(Sweeps.Quadratic("""{ "kind": "lr-finder", "metric": "trainLoss" }"""));
        var last = result.Curve[^1];
        Assert.True(result.Curve.Count < 100, $"ran all {result.Curve.Count} steps");
        Assert.InRange(last.LearningRate, 0.05, 0.5);
        Assert.True(last.SmoothedLoss > 4 * result.Curve.Min(p => p.SmoothedLoss));
        Assert.All([result.Suggestions.Steepest, result.Suggestions.Valley, result.Suggestions.MinimumOver10], s => Assert.InRange(s, 1e-4, 0.05));
        Assert.Equal(result.Suggestions.Valley, result.Suggested);
    }

    [Fact]
    public void TheExponentialRampGoesFromMinToMaxOverTheSteps()
    {
        var settings = new LrRangeTestSettings(1e-6, 1e-2, 9);
        var result = RangeTest(Sweeps.Quadratic("""{ "kind": "lr-finder", "metric": "trainLoss" }"""), settings);
        Assert.Equal(9, result.Curve.Count);
        for (var t = 0; t < 9; t++) Assert.Equal(1e-6 * Math.Pow(1e4, t / 8.0), result.Curve[t].LearningRate, 1e-18);
        Assert.Equal(1e-2, result.Curve[^1].LearningRate, 1e-15);
    }

    [Fact]
    public void TheLinearRampStepsEvenly()
    {
        var settings = new LrRangeTestSettings(0.001, 0.041, 5, RampMode.Linear);
        var result = RangeTest(Sweeps.Quadratic("""{ "kind": "lr-finder", "metric": "trainLoss" }"""), settings);
        Assert.Equal([0.001, 0.011, 0.021, 0.031, 0.041], result.Curve.Select(p => Math.Round(p.LearningRate, 12)));
    }

    [Fact]
    public void TheSmoothedLossIsFastaisBiasCorrectedAverage()
    {
        var result = RangeTest(Sweeps.Mnist("""{ "kind": "lr-finder", "steps": 30, "smoothing": 0.9 }"""));
        var average = 0.0;
        foreach (var point in result.Curve)
        {
            average = 0.9 * average + 0.1 * point.Loss;
            Assert.Equal(average / (1 - Math.Pow(0.9, point.Step + 1)), point.SmoothedLoss, 1e-12);
        }
        Assert.Equal(result.Curve[0].Loss, result.Curve[0].SmoothedLoss, 1e-12);
    }

    [Fact]
    public void AtAConstantRateTheTestSeesExactlyTheTrainersBatches()
    {
        // A "ramp" from 0.1 to 0.1 is training at 0.1: the same shuffling, batches, model and optimizer as a trial.
        var spec = Sweeps.Mnist("""{ "kind": "lr-finder" }""", epochs: 2, trainSize: 500);
        var settings = new LrRangeTestSettings(0.1, 0.1, 12, RampMode.Linear, DivergenceThreshold: 1e9);
        var result = RangeTest(spec, settings);
        var plan = TrialPlan.For(spec, spec.ResolvedArms()[0], 0.1) with { Training = spec.Training with { HistoryEvery = 1, MaxSteps = 12 } };
        var trial = Trainer.Run(plan, null, null, Cancel);
        Assert.Equal(trial.History!.Steps.Select(s => s.TrainLoss), result.Curve.Select(p => p.Loss));
    }

    [Fact]
    public void ALossThatOverflowsEndsTheTestAndIsNotRecorded()
    {
        var settings = new LrRangeTestSettings(1, 1e6, 60, DivergenceThreshold: 1e300);
        var result = RangeTest(Sweeps.Quadratic("""{ "kind": "lr-finder", "metric": "trainLoss" }"""), settings);
        Assert.True(result.Curve.Count < 60);
        Assert.All(result.Curve, p => Assert.True(double.IsFinite(p.Loss) && double.IsFinite(p.SmoothedLoss)));
    }

    [Fact]
    public void OnMnistSoftmaxTheValleyIsASensibleRate()
    {
        // One epoch of SGD at batch 64 on 2,000 digits is best near η ≈ 0.3 and still fine from 0.05 to 1.
        var result = RangeTest(Sweeps.Mnist("""{ "kind": "lr-finder" }"""));
        Assert.InRange(result.Suggestions.Valley, 0.05, 5);
        Assert.InRange(result.Suggestions.Steepest, 0.05, 5);
        Assert.InRange(result.Suggestions.MinimumOver10, 0.02, 2);
        Assert.Equal(100, result.Curve.Count);
    }

    [Fact]
    public void ACancelledTestThrows()
    {
        var spec = Sweeps.Mnist("""{ "kind": "lr-finder" }""");
        Assert.Throws<OperationCanceledException>(() =>
            LrRangeTest.Run(spec, spec.ResolvedArms()[0], LrRangeTestSettings.From(spec.Search)!, null, new CancellationToken(true)));
    }
}
