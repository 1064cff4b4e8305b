using System.Text.Json;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Optimizers;
using SweepCluster.Engine.Schedules;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.TorchReference;

/// <summary>
/// Softmax and MLP in float32 with every optimizer (and warmup, cosine, one-cycle and step schedules for two of them)
/// follow PyTorch 1.13 step by step on a fixed batch, to 1e-4 relative: the cases are written by
/// tools/torch-reference/float32_training_reference.py from the same initial parameters.
/// </summary>
public sealed class Float32TrainingMatchesTorchTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Cases() =>
        new(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "torch", "float32"), "*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryStepMatchesTorch(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "torch", "float32", name + ".json")));
        var root = document.RootElement;
        // The real parser fills in PyTorch's defaults (adamw's weight decay among them) exactly as a user's spec gets them.
        var spec = SpecParser.Parse($$"""
            { "name": "{{name}}", "data": { "source": "mnist" }, "model": {{root.GetProperty("model").GetRawText()}},
              "optimizer": {{root.GetProperty("optimizer").GetRawText()}}, "schedule": {{root.GetProperty("schedule").GetRawText()}} }
            """);
        int rows = root.GetProperty("rows").GetInt32(), features = root.GetProperty("features").GetInt32();
        var data = new Dataset(name, rows, features, root.GetProperty("x").Deserialize<float[]>()!,
            root.GetProperty("labels").Deserialize<int[]>()!, null, root.GetProperty("classes").GetInt32());
        var batch = Enumerable.Range(0, rows).ToArray();
        var expected = root.GetProperty("expected").EnumerateArray().ToArray();

        var model = ModelFactory.Create(spec.Model, data, rows);
        var parameters = root.GetProperty("parameters").Deserialize<float[]>()!;
        var gradient = new float[parameters.Length];
        var learningRate = spec.Optimizer.LearningRate!.Value;
        var optimizer = OptimizerFactory.Create<float>(spec.Optimizer, parameters.Length);
        var schedule = ScheduleFactory.Create(spec.Schedule, learningRate, expected.Length);
        for (var t = 0; t < expected.Length; t++)
        {
            var rate = schedule.LearningRate(t);
            var loss = model.LossAndGradient(parameters, data, batch, gradient);
            var torchRate = expected[t].GetProperty("learningRate").GetDouble();
            var torchLoss = expected[t].GetProperty("trainLoss").GetDouble();
            Assert.True(Math.Abs(rate - torchRate) <= 1e-9 * Math.Abs(torchRate), $"step {t}: rate {rate} vs PyTorch {torchRate}");
            Assert.True(Math.Abs(loss - torchLoss) <= Tolerance * Math.Abs(torchLoss), $"step {t}: loss {loss} vs PyTorch {torchLoss}");
            optimizer.Step(parameters, gradient, rate);
        }
    }
}
