using System.Text.Json;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Models;

/// <summary>
/// Loss, gradient and a 20-step SGD trajectory against PyTorch 1.13 (float32), from the JSON files that
/// tools/torch-reference/models_reference.py writes; the parameters there are already in the engine's layout.
/// </summary>
public sealed class TorchReferenceTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Cases => new(["softmax", "mlp-relu", "mlp-tanh", "mlp-relu-deep", "mlp-relu-wide", "logistic", "least-squares"]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossAndGradientMatchPyTorch(string name)
    {
        var (reference, model, data, rows) = Load(name);
        var p = reference.Parameters.ToArray();
        var g = new float[p.Length];
        double loss = model.LossAndGradient(p, data, rows, g);
        Assert.Equal(reference.Loss, loss, Math.Abs(reference.Loss) * Tolerance);
        AssertClose(reference.Gradient, g, "gradient");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TwentyStepsOfPlainSgdFollowPyTorch(string name)
    {
        var (reference, model, data, rows) = Load(name);
        var p = reference.Parameters.ToArray();
        var g = new float[p.Length];
        float lr = (float)reference.LearningRate;
        for (int step = 0; step < reference.SgdLosses.Length; step++)
        {
            double loss = model.LossAndGradient(p, data, rows, g);
            double expected = reference.SgdLosses[step];
            Assert.True(Math.Abs(loss - expected) <= Math.Abs(expected) * Tolerance, $"step {step}: loss {loss}, PyTorch {expected}");
            for (int i = 0; i < p.Length; i++) p[i] -= lr * g[i];
        }
        AssertClose(reference.SgdFinalParameters, p, "parameters after SGD");
    }

    /// <summary>‖a − e‖∞ ≤ 1e-4 ‖e‖∞: relative to the vector's scale, as float32 sums of different order differ.</summary>
    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs), worst = 0;
        int at = 0;
        for (int i = 0; i < expected.Length; i++)
            if (Math.Abs(actual[i] - expected[i]) > worst) (worst, at) = (Math.Abs(actual[i] - expected[i]), i);
        Assert.True(worst <= Tolerance * scale, $"{what}[{at}]: {actual[at]} vs PyTorch {expected[at]} (scale {scale})");
    }

    private static (Reference, IModel<float>, Dataset, int[]) Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "torch", "models", name + ".json");
        var reference = JsonSerializer.Deserialize<Reference>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var data = new Dataset(name, reference.Rows, reference.Features, reference.X, reference.Labels, reference.Targets, reference.Classes);
        ModelSpec spec = reference.Model switch
        {
            "softmax" => new SoftmaxModelSpec { L2 = reference.L2 },
            "mlp" => new MlpModelSpec(reference.Hidden, reference.Activation == "tanh" ? Activation.Tanh : Activation.Relu) { L2 = reference.L2 },
            "logistic" => new LogisticModelSpec { L2 = reference.L2 },
            _ => new LeastSquaresModelSpec { L2 = reference.L2 },
        };
        // A small maxBatchRows makes the deep case run in several chunks, as full-batch training would.
        var model = ModelFactory.Create(spec, data, maxBatchRows: name == "mlp-relu-deep" ? 7 : reference.Rows);
        return (reference, model, data, Enumerable.Range(0, reference.Rows).ToArray());
    }

    private sealed record Reference(
        string Model, int Rows, int Features, int Classes, int[] Hidden, string? Activation, double L2,
        float[] X, int[]? Labels, float[]? Targets, float[] Parameters, double Loss, float[] Gradient,
        double LearningRate, double[] SgdLosses, float[] SgdFinalParameters);
}
