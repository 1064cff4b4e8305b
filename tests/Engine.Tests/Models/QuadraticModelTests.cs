using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Models;

public sealed class QuadraticModelTests
{
    private static readonly QuadraticModelSpec Dense = new(
        Hessian: [[4, 1, 0], [1, 3, -1], [0, -1, 2]], Linear: [1, -2, 0.5], Start: [0.5, 1, -1]);

    [Fact]
    public void LossIsHalfXQXMinusBX()
    {
        var model = new QuadraticModel(Dense);
        double[] x = [1, 2, 3];
        // Qx = [6, 4, 4]; ½xᵀQx = ½(6 + 8 + 12) = 13; bᵀx = 1 − 4 + 1.5 = −1.5
        Assert.Equal(14.5, model.Loss(x, Dataset.EmptyRegression, []), 12);
        var g = new double[3];
        Assert.Equal(14.5, model.LossAndGradient(x, Dataset.EmptyRegression, [], g), 12);
        Assert.Equal([5, 6, 3.5], g);
        Assert.True(double.IsNaN(model.Evaluate(x, Dataset.EmptyRegression, []).Accuracy));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GradientMatchesCentralFiniteDifferences(int seed)
    {
        var random = new Random(seed);
        int n = 7;
        var a = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        // AᵀA: symmetric and positive semi-definite, as a quadratic's Q must be.
        var q = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => Enumerable.Range(0, n).Sum(k => a[k][i] * a[k][j])).ToArray()).ToArray();
        var model = new QuadraticModel(new QuadraticModelSpec(Hessian: q, Linear: a[0]));
        var x = a[1].Select(v => v * 3).ToArray();
        var g = new double[n];
        model.LossAndGradient(x, Dataset.EmptyRegression, [], g);
        const double eps = 1e-4;
        for (int i = 0; i < n; i++)
        {
            var y = (double[])x.Clone();
            y[i] += eps;
            double up = model.Loss(y, Dataset.EmptyRegression, []);
            y[i] -= 2 * eps;
            double fd = (up - model.Loss(y, Dataset.EmptyRegression, [])) / (2 * eps);
            Assert.Equal(g[i], fd, 1e-9);
        }
    }

    [Fact]
    public void EigenvaluesGiveADiagonalHessianAndTheStartDefaultsToOnes()
    {
        var model = new QuadraticModel(new QuadraticModelSpec(Eigenvalues: [1, 10]));
        Assert.Equal([1, 10], model.Diagonal.ToArray());
        Assert.True(model.Hessian.IsEmpty);   // a diagonal Q is never built as a matrix
        var x = new double[2];
        model.Initialize(x, seed: 5);
        Assert.Equal([1, 1], x);
        Assert.Equal(5.5, model.Loss(x, Dataset.EmptyRegression, []), 12);
        Assert.Equal(new ParameterBlock("x", ParameterRole.Weight, 0, 2, 1), model.Layout.Blocks.Single());
    }

    [Fact]
    public void InitializeWritesTheStart()
    {
        var x = new double[3];
        new QuadraticModel(Dense).Initialize(x, 0);
        Assert.Equal([0.5, 1, -1], x);
    }

    [Theory]
    [InlineData("both", "exactly one of 'hessian'")]
    [InlineData("neither", "exactly one of 'hessian'")]
    [InlineData("ragged", "model.hessian must be square: row 1 has 1 values, expected 2")]
    [InlineData("asymmetric", "model.hessian must be symmetric: [0][1] is 1 but [1][0] is 2")]
    [InlineData("infinite", "model.eigenvalues[1] is Infinity")]
    [InlineData("linear", "model.linear has 3 values, expected 2")]
    [InlineData("start", "model.start has 1 values, expected 2")]
    [InlineData("empty", "model.eigenvalues is empty")]
    [InlineData("l2", "model.l2")]
    public void SpecMistakesAreInputErrorsNamingTheField(string mistake, string message)
    {
        QuadraticModelSpec spec = mistake switch
        {
            "both" => new(Hessian: [[1]], Eigenvalues: [1]),
            "neither" => new(),
            "ragged" => new(Hessian: [[1, 0], [0]]),
            "asymmetric" => new(Hessian: [[1, 1], [2, 1]]),
            "infinite" => new(Eigenvalues: [1, double.PositiveInfinity]),
            "linear" => new(Eigenvalues: [1, 2], Linear: [1, 2, 3]),
            "start" => new(Eigenvalues: [1, 2], Start: [1]),
            "empty" => new(Eigenvalues: []),
            _ => new QuadraticModelSpec(Eigenvalues: [1]) { L2 = 0.1 },
        };
        var error = Assert.Throws<InputException>(() => new QuadraticModel(spec));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void LossAndGradientAllocatesNothing()
    {
        var model = new QuadraticModel(Dense);
        double[] x = [1, 2, 3], g = new double[3];
        model.LossAndGradient(x, Dataset.EmptyRegression, [], g);
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.LossAndGradient(x, Dataset.EmptyRegression, [], g);
        model.Loss(x, Dataset.EmptyRegression, []);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
