using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Theory;

namespace SweepCluster.Engine.Tests.Search;

public sealed class SweepTheoryTests
{
    [Fact]
    public void TheQuadraticsTheoryIsExactAndTheSweepFindsTheEdgeAtTwoOverL()
    {
        // 100 steps: at 0.051 the λ = 40 component grows 8% a step and passes 10× the first loss; at 0.049 it shrinks.
        var spec = Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.03, 0.045, 0.049, 0.051, 0.055], "metric": "trainLoss" }""", epochs: 100);
        var result = new LocalSweepRunner(2).Run(spec, "q", TestContext.Current.CancellationToken);
        var theory = result.Theory!;
        Assert.Equal((40.0, 1.0, SmoothnessSource.Exact), (theory.Smoothness, theory.StrongConvexity, theory.Source));
        Assert.Equal(0.05, theory.StableBelow, 12);
        Assert.Equal(2.0 / 41, theory.OptimalConstant, 12);
        Assert.Equal(new DivergenceEdge(0.051, 0.049), theory.DivergenceEdge);
    }

    [Fact]
    public void AnArmWithMomentumHasNoDivergenceEdge()
    {
        var spec = Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.01], "metric": "trainLoss" }""", optimizer: """{ "kind": "sgd", "momentum": 0.9 }""");
        var outcome = new TrialOutcome("0/0/0", 0, 0, 0.01, TrialStatus.Diverged, null, null, null, 0, 25.5, Verdict.Diverged, 0);
        var theory = SweepTheory.Compute(spec, [outcome])!;
        Assert.Equal(40, theory.Smoothness);
        Assert.Null(theory.DivergenceEdge);
    }

    [Fact]
    public void OnlyPlainArmsTrainingTheFirstArmsModelCount()
    {
        var spec = Sweeps.Quadratic("""
            { "kind": "grid", "learningRates": [0.01], "metric": "trainLoss",
              "arms": [ { "name": "plain" }, { "name": "adam", "optimizer": { "kind": "adam" } },
                        { "name": "other", "model": { "kind": "quadratic", "eigenvalues": [1] } } ] }
            """);
        TrialOutcome Diverged(int arm, double rate) => new($"{arm}/0/0", arm, 0, rate, TrialStatus.Diverged, null, null, null, 0, 1, null, 0);
        var theory = SweepTheory.Compute(spec, [Diverged(0, 0.06), Diverged(1, 0.001), Diverged(2, 0.002)])!;
        Assert.Equal(new DivergenceEdge(0.06, null), theory.DivergenceEdge);
    }

    [Fact]
    public void SoftmaxOnMnistUsesTheBound()
    {
        var theory = SweepTheory.Compute(Sweeps.Mnist("""{ "kind": "grid", "learningRates": [0.1] }""", trainSize: 500), [])!;
        Assert.Equal(SmoothnessSource.Bound, theory.Source);
        Assert.InRange(theory.StableBelow, 0.01, 10);
        Assert.Equal(new DivergenceEdge(null, null), theory.DivergenceEdge);
    }
}
