using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

public sealed class ContractExampleTests
{
    private readonly SweepSpec _spec = SpecParser.Parse(Specs.ContractExample);

    [Fact]
    public void TheContractExampleHasNoProblems() => Assert.Empty(SpecParser.Validate(Specs.ContractExample));

    [Fact]
    public void ItsNameDataAndModelAreAsWritten()
    {
        Assert.Equal("mnist-softmax-eta", _spec.Name);
        Assert.Equal(new MnistDataSpec(8000, 2000), _spec.Data);
        Assert.Equal(new SoftmaxModelSpec { L2 = 0.0001 }, _spec.Model);
    }

    [Fact]
    public void ItsOptimizerKeepsPyTorchDefaultsForWhatItLeavesOut()
    {
        var sgd = Assert.IsType<SgdSpec>(_spec.Optimizer);
        Assert.Equal(new SgdSpec(Momentum: 0.9, Dampening: 0, Nesterov: false) { LearningRate = 0.1, WeightDecay = 0 }, sgd);
    }

    [Fact]
    public void ItsScheduleIsCosineWithWarmupOnTheStepClock()
    {
        var cosine = Assert.IsType<CosineScheduleSpec>(_spec.Schedule);
        Assert.Equal(375, cosine.TMax);
        Assert.Equal(0, cosine.EtaMin);
        Assert.Equal(ScheduleUnit.Step, cosine.Unit);
        Assert.Equal(new WarmupSpec(50, 0.1), cosine.Warmup);
    }

    [Fact]
    public void ItsTrainingFillsTheUnnamedDefaults() =>
        Assert.Equal(new TrainingSpec(Epochs: 3, BatchSize: 64, Seed: 1, MaxSteps: null, HistoryEvery: null, DivergenceFactor: 10), _spec.Training);

    [Fact]
    public void ItsSearchIsCoarseToFineWithOneArm()
    {
        Assert.Equal(new CoarseToFineSearchSpec(1e-4, 10, 1, 2, 5), _spec.Search);
        Assert.Equal(Metric.ValidationLoss, _spec.Search.Metric);
        Assert.Null(_spec.Search.Concurrency);
        Assert.Null(_spec.Search.EarlyStopping);
        Assert.Empty(_spec.Search.Arms);
        var arm = Assert.Single(_spec.ResolvedArms());
        Assert.Equal("default", arm.Name);
    }
}
