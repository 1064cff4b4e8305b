using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Training;

/// <summary>The policies the trainer composes itself: Armijo line search, plateau per epoch, epoch clocks, warmup.</summary>
public sealed class StepSizePolicyTests
{
    private static SweepSpec Quadratic(string schedule, double learningRate, int epochs = 200) => SpecParser.Parse($$"""
        {
          "name": "policy",
          "data": { "source": "none" },
          "model": { "kind": "quadratic", "eigenvalues": [1, 10, 40] },
          "optimizer": { "kind": "sgd", "learningRate": {{learningRate}} },
          "schedule": {{schedule}},
          "training": { "epochs": {{epochs}} }
        }
        """);

    private static Trial Train(SweepSpec spec) =>
        TestTrainer.Run(TrialPlan.For(spec, spec.ResolvedArms()[0], spec.Optimizer.LearningRate!.Value));

    [Fact]
    public void ArmijoAcceptsOnlySufficientDecreaseAndConvergesFromAHugeRate()
    {
        var trial = Train(Quadratic("""{ "kind": "armijo", "c": 0.0001, "shrink": 0.5, "grow": 2.0 }""", learningRate: 10));
        Assert.Equal(TrialStatus.Completed, trial.Status);
        Assert.True(trial.TrainLoss < 1e-8, $"final loss {trial.TrainLoss}");
        var steps = trial.History!.Steps;
        for (var i = 0; i + 1 < steps.Count; i++)
        {
            // With plain SGD the next recorded loss is f(x − αg), which the accepted α must have decreased.
            Assert.True(steps[i + 1].TrainLoss < steps[i].TrainLoss, $"step {i}: no decrease");
            Assert.True(steps[i].LearningRate <= 10);
        }
        // The first step starts at η = 10 and halves until accepted: 10·2^−k must be below 2/40 = 0.05 to decrease.
        Assert.True(steps[0].LearningRate < 0.05);
        Assert.Equal(0, Math.Log2(10 / steps[0].LearningRate) % 1, 12);
    }

    [Fact]
    public void ArmijoOnMnistSoftmaxTrainsWell()
    {
        var spec = SpecParser.ParseFile(TestPaths.Example("mnist-softmax-armijo.json"));
        var trial = Train(spec);
        Assert.Equal(TrialStatus.Completed, trial.Status);
        Assert.True(trial.ValidationAccuracy > 0.85, $"accuracy {trial.ValidationAccuracy}");
        Assert.Contains(trial.History!.Steps, p => p.LearningRate < 10);
    }

    [Fact]
    public void AnEpochClockChangesTheRateOnlyBetweenEpochs()
    {
        var spec = SpecParser.ParseFile(TestPaths.Example("mnist-softmax-sgd.json"));
        var arm = spec.ResolvedArms()[0] with { Schedule = new StepScheduleSpec(StepSize: 2, Gamma: 0.5) { Unit = ScheduleUnit.Epoch } };
        var trial = TestTrainer.Run(TrialPlan.For(spec, arm, 0.4));
        foreach (var point in trial.History!.Steps)
            Assert.Equal(0.4 * Math.Pow(0.5, point.Epoch / 2), point.LearningRate, 15);
    }

    [Fact]
    public void ReduceOnPlateauCutsTheRateWhenTheValidationLossStalls()
    {
        var spec = SpecParser.ParseFile(TestPaths.Example("mnist-softmax-sgd.json"));
        var arm = spec.ResolvedArms()[0] with
        {
            Schedule = new ReduceOnPlateauScheduleSpec(Factor: 0.5, Patience: 0, Threshold: 0.5),
            Training = spec.Training with { Epochs = 3 },
        };
        var trial = TestTrainer.Run(TrialPlan.For(spec, arm, 0.4));
        // The first epoch sets the best loss; a 50% relative threshold is never met after it, so with patience 0
        // every later observation halves the rate for the epoch after it (PyTorch's ReduceLROnPlateau).
        Assert.Equal([0.4, 0.4, 0.2], trial.History!.Steps.GroupBy(p => p.Epoch).Select(g => g.First().LearningRate));
    }

    [Fact]
    public void WarmupRampsTheSmoothnessStepLinearly()
    {
        var trial = Train(Quadratic("""{ "kind": "smoothness", "rule": "1/L", "warmup": { "steps": 4, "startFactor": 0.2 } }""", learningRate: 1));
        var rates = trial.History!.Steps.Take(6).Select(p => p.LearningRate).ToArray();
        double[] expected = [0.2 / 40, 0.4 / 40, 0.6 / 40, 0.8 / 40, 1.0 / 40, 1.0 / 40];
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], rates[i], 14);
        Assert.Equal(1.0 / 40, trial.LearningRate, 14);
    }

    [Fact]
    public void MaxStepsStopsMidEpochAndStillReportsValidation()
    {
        var spec = SpecParser.ParseFile(TestPaths.Example("mnist-softmax-sgd.json"));
        var arm = spec.ResolvedArms()[0] with { Training = spec.Training with { MaxSteps = 200 } };
        var trial = TestTrainer.Run(TrialPlan.For(spec, arm, 0.5));
        Assert.Equal(200, trial.Steps);
        Assert.Equal(1, trial.EpochsCompleted);
        Assert.NotNull(trial.ValidationLoss);
        Assert.True(trial.ValidationAccuracy > 0.8);
    }

    [Fact]
    public void LongRunsKeepAtMostAboutAThousandPointsOfEachHistory()
    {
        var trial = Train(Quadratic("""{ "kind": "constant" }""", learningRate: 0.01, epochs: 25_000));
        Assert.Equal(25_000, trial.EpochsCompleted);
        Assert.InRange(trial.History!.Steps.Count, 900, 1001);
        Assert.InRange(trial.History.Epochs.Count, 900, 1001);
        Assert.Equal(24_999, trial.History.Epochs[^1].Epoch);
    }
}
