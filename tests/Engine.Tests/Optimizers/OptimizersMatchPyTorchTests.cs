using SweepCluster.Engine.Tests.TorchReference;

namespace SweepCluster.Engine.Tests.Optimizers;

/// <summary>Every torch.optim case at a constant rate, in float64, step by step against PyTorch 1.13 itself.</summary>
public sealed class OptimizersMatchPyTorchTests
{
    private static IEnumerable<string> Names =>
        new[] { "sgd-", "adagrad-", "rmsprop-", "adam-", "adamw-", "adadelta-" }.SelectMany(TorchCase.Names).Distinct();

    public static TheoryData<string> Cases => new(Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrajectoryMatchesPyTorchWithin1e9Relative(string name)
    {
        var c = TorchCase.Load(name);
        Close.Trajectory(c, QuadraticRun.Run<double>(c));
    }

    [Fact]
    public void EveryOptimizerKindHasAReferenceCase()
    {
        var kinds = Names.Select(name => TorchCase.Load(name).Optimizer.GetType().Name).Distinct().Order();
        Assert.Equal(["AdadeltaSpec", "AdagradSpec", "AdamSpec", "AdamWSpec", "RmsPropSpec", "SgdSpec"], kinds);
    }
}
