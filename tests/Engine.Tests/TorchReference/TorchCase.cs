using System.Text.Json;
using System.Text.Json.Serialization;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.TorchReference;

/// <summary>One step PyTorch took: the rate it used and the loss just before it.</summary>
public sealed record ExpectedStep(int Step, double LearningRate, double TrainLoss);

/// <summary>
/// A trajectory recorded from PyTorch 1.13 by tools/torch-reference/quadratic_reference.py. The spec sections are
/// read straight into the Engine's spec records; only the fields these tests need (the real parser is elsewhere).
/// </summary>
public sealed record TorchCase(
    string Name,
    QuadraticModelSpec Model,
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule,
    int Steps,
    int ObserveEvery,
    bool ObserveBefore,
    IReadOnlyList<ExpectedStep> Expected,
    double[] FinalParameters,
    double[]? TorchLinearLrRates)
{
    public static string Directory(string kind) => Path.Combine(AppContext.BaseDirectory, "TestData", "torch", kind);

    public static IEnumerable<string> Names(string prefix) =>
        System.IO.Directory.EnumerateFiles(Directory("quadratic"), "*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static TorchCase Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory("quadratic"), name + ".json")));
        var root = document.RootElement;
        var spec = root.GetProperty("spec");
        var expected = root.GetProperty("expected").EnumerateArray()
            .Select(e => new ExpectedStep(e.GetProperty("step").GetInt32(), e.GetProperty("learningRate").GetDouble(),
                e.GetProperty("trainLoss").GetDouble()))
            .ToArray();
        var observeEvery = root.TryGetProperty("harness", out var harness) ? harness.GetProperty("observeEvery").GetInt32() : 1;
        var observeBefore = harness.ValueKind == JsonValueKind.Object && harness.TryGetProperty("observeBefore", out var b) && b.GetBoolean();
        double[]? linearLrRates = root.TryGetProperty("torchLinearLrRates", out var rates)
            ? rates.Deserialize<double[]>(Json.Options)
            : null;
        return new TorchCase(
            spec.GetProperty("name").GetString()!,
            spec.GetProperty("model").Deserialize<QuadraticModelSpec>(Json.Options)!,
            spec.GetProperty("optimizer").Deserialize<OptimizerSpec>(Json.Options)!,
            spec.GetProperty("schedule").Deserialize<ScheduleSpec>(Json.Options)!,
            spec.GetProperty("training").GetProperty("epochs").GetInt32(),
            observeEvery,
            observeBefore,
            expected,
            root.GetProperty("finalParameters").Deserialize<double[]>(Json.Options)!,
            linearLrRates);
    }

    public override string ToString() => Name;
}

/// <summary>The spec's JSON spelling (docs/spec.md): camelCase; the model's "kind" is read by the caller.</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}
