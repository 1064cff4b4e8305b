using MathNet.Numerics.LinearAlgebra;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Tests.Models;
using SweepCluster.Engine.Tests.Training;
using SweepCluster.Engine.Theory;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Theory;

public sealed class SmoothnessEstimatorTests
{
    private static SweepSpec Synthetic(string task, string model) => SpecParser.Parse($$"""
        {
          "name": "smoothness",
          "data": { "source": "synthetic", "task": "{{task}}", "samples": 250, "features": 6, "noise": 0.3, "seed": 3 },
          "model": { "kind": "{{model}}", "l2": 0.01 },
          "optimizer": { "kind": "sgd", "learningRate": 0.1 },
          "training": { "epochs": 1500, "batchSize": "full", "historyEvery": 1 }
        }
        """);

    private static Smoothness Estimate(SweepSpec spec)
    {
        var split = DataLoader.Load(spec.Data, spec.Training.Seed);
        var model = ModelFactory.Create(spec.Model, split.Train, split.TrainRows.Length);
        var parameters = new float[model.ParameterCount];
        model.Initialize(parameters, 0);
        return SmoothnessEstimator.ForData(spec.Model, model, parameters, split);
    }

    private static Trial Train(SweepSpec spec, double learningRate) =>
        TestTrainer.Run(TrialPlan.For(spec, spec.ResolvedArms()[0], learningRate));

    [Fact]
    public void ForLeastSquaresTwoOverLIsExactlyTheEdgeOfStability()
    {
        var spec = Synthetic("linear-regression", "least-squares");
        var smoothness = Estimate(spec);
        Assert.Equal(SmoothnessSource.Exact, smoothness.Source);
        Assert.True(smoothness.Mu >= 0.01 * 0.999, "l2 makes μ ≥ l2");
        Assert.Equal(TrialStatus.Completed, Train(spec, 0.98 * smoothness.StableBelow).Status);
        Assert.Equal(TrialStatus.Diverged, Train(spec, 1.02 * smoothness.StableBelow).Status);
    }

    [Fact]
    public void ForLogisticRegressionBelowTwoOverTheBoundEveryFullBatchStepDecreasesTheLoss()
    {
        var spec = Synthetic("logistic", "logistic");
        var smoothness = Estimate(spec);
        Assert.Equal(SmoothnessSource.Bound, smoothness.Source);
        Assert.Equal(0.01, smoothness.Mu, 12);
        var steps = Train(spec, 1.9 / smoothness.L).History!.Steps;
        for (var i = 1; i < steps.Count; i++)
            Assert.True(steps[i].TrainLoss <= steps[i - 1].TrainLoss + 1e-6, $"step {i}: {steps[i - 1].TrainLoss} → {steps[i].TrainLoss}");
    }

    [Fact]
    public void ForAnMlpPowerIterationFindsTheLargestCurvatureOfTheExactHessian()
    {
        var data = TestSets.Classification(64, 6, 3, seed: 5);
        var rows = TestSets.AllRows(data);
        var spec = new MlpModelSpec([5], Activation.Tanh) { L2 = 0.01 };
        var model = ModelFactory.Create(spec, data, rows.Length);
        var parameters = TestSets.RandomParameters(model.ParameterCount, seed: 9);
        var split = new DataSplit(data, rows, data, []);

        var estimate = SmoothnessEstimator.ForData(spec, model, parameters, split);
        Assert.Equal(SmoothnessSource.PowerIteration, estimate.Source);

        var hessian = FiniteDifferenceHessian(model, parameters, data, rows);
        var eigenvalues = hessian.Evd(Symmetricity.Symmetric).EigenValues.Select(v => Math.Abs(v.Real)).ToArray();
        Assert.Equal(eigenvalues.Max(), estimate.L, eigenvalues.Max() * 0.03);
    }

    /// <summary>H[:, j] = (∇f(x + εe_j) − ∇f(x − εe_j)) / 2ε, symmetrised.</summary>
    private static Matrix<double> FiniteDifferenceHessian(IModel<float> model, float[] x, Dataset data, int[] rows)
    {
        const float epsilon = 1e-2f;
        var n = x.Length;
        var h = Matrix<double>.Build.Dense(n, n);
        var plus = new float[n];
        var minus = new float[n];
        for (var j = 0; j < n; j++)
        {
            var shifted = (float[])x.Clone();
            shifted[j] = x[j] + epsilon;
            model.LossAndGradient(shifted, data, rows, plus);
            shifted[j] = x[j] - epsilon;
            model.LossAndGradient(shifted, data, rows, minus);
            for (var i = 0; i < n; i++) h[i, j] = (plus[i] - minus[i]) / (2.0 * epsilon);
        }
        return (h + h.Transpose()) / 2;
    }
}
