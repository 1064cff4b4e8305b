using System.Globalization;
using System.Text;
using MathNet.Numerics.LinearAlgebra;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Training;

/// <summary>
/// The seeds' claim: on a rank-deficient least-squares problem gradient descent makes sublinear progress (μ = 0, the
/// small curvatures take ever longer), and any l2 > 0 makes μ ≥ l2 and the progress linear.
/// </summary>
public sealed class LeastSquaresRegularizationTests : IDisposable
{
    private const int Rows = 200;
    private const int Steps = 4000;
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-ls-").FullName;

    [Fact]
    public void WithoutL2TheGapShrinksSublinearly()
    {
        var (trial, optimum) = Train(l2: 0);
        var ratio = GapRatio(trial, optimum);
        // Linear convergence at any fixed rate would shrink the gap geometrically between Steps/2 and Steps.
        Assert.True(ratio > 0.1, $"gap(T)/gap(T/2) = {ratio}");
    }

    [Fact]
    public void WithL2TheGapShrinksLinearly()
    {
        var (trial, optimum) = Train(l2: 0.01);
        var ratio = GapRatio(trial, optimum);
        Assert.True(ratio < 1e-4, $"gap(T)/gap(T/2) = {ratio}");
        Assert.True(ratio < Math.Pow(1 - 0.01 / Smoothness(trial), Steps / 2.0) * 10);
    }

    /// <summary>gap at the last step over gap at half way: ≈ 1/2 for O(1/k) progress, ρ^(T/2) for linear progress.</summary>
    private static double GapRatio(Trial trial, double optimum)
    {
        var steps = trial.History!.Steps;
        var half = steps.First(p => p.Step >= Steps / 2);
        return (steps[^1].TrainLoss - optimum) / (half.TrainLoss - optimum);
    }

    private static double Smoothness(Trial trial) => 1 / trial.History!.Steps[0].LearningRate;

    private (Trial Trial, double Optimum) Train(double l2)
    {
        var (path, x, y) = WriteIllConditionedCsv();
        var json = $$"""
        {
          "name": "least-squares-l2-{{l2.ToString(CultureInfo.InvariantCulture)}}",
          "data": { "source": "csv", "path": "{{path}}", "task": "regression", "trainSize": {{Rows}}, "validationSize": 0 },
          "model": { "kind": "least-squares", "l2": {{l2.ToString(CultureInfo.InvariantCulture)}} },
          "optimizer": { "kind": "sgd" },
          "schedule": { "kind": "smoothness", "rule": "1/L" },
          "training": { "epochs": {{Steps}}, "batchSize": "full", "historyEvery": 1 }
        }
        """;
        var spec = SpecParser.Parse(json);
        var trial = TestTrainer.Run(TrialPlan.For(spec, spec.ResolvedArms()[0], 1.0));
        Assert.Equal(TrialStatus.Completed, trial.Status);
        return (trial, Optimum(x, y, l2));
    }

    /// <summary>
    /// 20 independent columns scaled by 0.6^j (curvatures from 1 down to ~1e-9) and 10 exact copies of them: XᵀX is
    /// singular and its small non-zero eigenvalues make plain gradient descent slow.
    /// </summary>
    private (string Path, Matrix<double> X, Vector<double> Y) WriteIllConditionedCsv()
    {
        var random = new Random(7);
        var x = Matrix<double>.Build.Dense(Rows, 30);
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < 20; j++) x[i, j] = (float)(Gaussian(random) * Math.Pow(0.6, j));
            for (var j = 20; j < 30; j++) x[i, j] = x[i, j - 20];
        }
        var y = Vector<double>.Build.Dense(Rows, i => (float)(x.Row(i).Sum() + 0.1 * Gaussian(random)));
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", Enumerable.Range(0, 30).Select(j => "x" + j).Append("y")));
        for (var i = 0; i < Rows; i++)
            csv.AppendLine(string.Join(",", x.Row(i).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).Append(y[i].ToString("R", CultureInfo.InvariantCulture))));
        var path = Path.Combine(_folder, "ill-conditioned.csv");
        File.WriteAllText(path, csv.ToString());
        return (path, x, y);
    }

    /// <summary>min (1/2n)‖Xw + b − y‖² + (l2/2)‖w‖² (the bias not decayed), solved in closed form with an SVD.</summary>
    private static double Optimum(Matrix<double> x, Vector<double> y, double l2)
    {
        var n = x.RowCount;
        var design = x.Append(Matrix<double>.Build.Dense(n, 1, 1.0));
        var hessian = design.TransposeThisAndMultiply(design) / n;
        for (var j = 0; j < x.ColumnCount; j++) hessian[j, j] += l2;
        var w = hessian.PseudoInverse() * (design.TransposeThisAndMultiply(y) / n);   // singular without l2
        var residual = design * w - y;
        var weights = w.SubVector(0, x.ColumnCount);
        return residual.DotProduct(residual) / (2 * n) + l2 / 2 * weights.DotProduct(weights);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
