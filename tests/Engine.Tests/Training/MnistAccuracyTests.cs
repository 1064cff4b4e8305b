using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Training;

/// <summary>On the bundled MNIST digits a correct engine reaches the accuracies PyTorch does.</summary>
public sealed class MnistAccuracyTests
{
    private static Trial Train(string example, Func<SweepSpec, ArmSpec>? arm = null, double? learningRate = null)
    {
        var spec = SpecParser.ParseFile(TestPaths.Example(example), learningRate);
        var chosen = arm?.Invoke(spec) ?? spec.ResolvedArms()[0];
        return TestTrainer.Run(TrialPlan.For(spec, chosen, chosen.Optimizer.LearningRate!.Value));
    }

    [Fact]
    public void SoftmaxWithSgdReaches88PercentInFiveEpochs()
    {
        var trial = Train("mnist-softmax-sgd.json");
        Assert.Equal(TrialStatus.Completed, trial.Status);
        Assert.Equal(5, trial.EpochsCompleted);
        Assert.True(trial.ValidationAccuracy >= 0.88, $"accuracy {trial.ValidationAccuracy}");
    }

    [Fact]
    public void SoftmaxWithAdamReaches88PercentInFiveEpochs()
    {
        var trial = Train("mnist-softmax-sgd.json", s => s.ResolvedArms()[0] with { Optimizer = new AdamSpec { LearningRate = 0.003 } });
        Assert.True(trial.ValidationAccuracy >= 0.88, $"accuracy {trial.ValidationAccuracy}");
    }

    [Fact]
    public void MlpWithAdamReaches92PercentInFiveEpochs()
    {
        var trial = Train("mnist-mlp-adam.json");
        Assert.Equal(TrialStatus.Completed, trial.Status);
        Assert.True(trial.ValidationAccuracy >= 0.92, $"accuracy {trial.ValidationAccuracy}");
        Assert.Equal(Verdict.Good, trial.Verdict);
    }

    [Fact]
    public void MlpWithSgdReaches92PercentInFiveEpochs()
    {
        var trial = Train("mnist-mlp-adam.json", s => s.ResolvedArms()[0] with { Optimizer = new SgdSpec(Momentum: 0.9) { LearningRate = 0.05 } });
        Assert.True(trial.ValidationAccuracy >= 0.92, $"accuracy {trial.ValidationAccuracy}");
    }

    [Fact]
    public void TheSameSpecAndSeedGiveTheSameResult()
    {
        var first = Train("mnist-softmax-sgd.json");
        var second = Train("mnist-softmax-sgd.json");
        Assert.Equal(Strip(first), Strip(second));
    }

    [Fact]
    public void TheEpochLoopAllocatesAlmostNothingPerEpoch()
    {
        var spec = SpecParser.ParseFile(TestPaths.Example("mnist-mlp-adam.json"));
        Trial Run(int epochs)
        {
            var arm = spec.ResolvedArms()[0];
            arm = arm with { Training = arm.Training with { Epochs = epochs } };
            return TestTrainer.Run(TrialPlan.For(spec, arm, 0.001));
        }
        Run(1);   // warm the JIT and the data cache
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(1);
        var one = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        Run(4);
        var four = GC.GetAllocatedBytesForCurrentThread() - before;
        // 125 steps per epoch: the only per-epoch allocations are the history points (~60 bytes each).
        var perEpoch = (four - one) / 3.0;
        Assert.True(perEpoch < 32 * 1024, $"{perEpoch:N0} bytes per epoch");
    }

    private static string Strip(Trial trial) =>
        System.Text.Json.JsonSerializer.Serialize(trial with { WallSeconds = 0 }, SpecJson.Options);
}
