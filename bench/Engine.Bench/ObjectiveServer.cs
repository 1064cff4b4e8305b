using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// An objective for another process's sampler (Optuna's): prints the search space as one JSON line, then for each line
/// of configuration JSON on stdin (<c>{"learningRate": 0.01, "training.batchSize": 64}</c>) prints its value. One
/// long-lived process, so each trial costs its training and not a process start.
/// Run: dotnet bench/Engine.Bench/bin/Release/net10.0/SweepCluster.Engine.Bench.dll objective mnist
/// </summary>
internal static class ObjectiveServer
{
    public static void Run(string name, TextReader input, TextWriter output)
    {
        var objective = QualityObjectives.Create(name);
        output.WriteLine(QualityObjectives.Describe(objective.Space).ToJsonString());
        output.Flush();
        while (input.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var values = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
            foreach (var (key, node) in JsonNode.Parse(line)!.AsObject())
                values[key] = node!.GetValueKind() == JsonValueKind.String ? ParameterValue.Of(node.GetValue<string>()) : ParameterValue.Of(node.GetValue<double>());
            output.WriteLine(objective.Evaluate(values).ToString("R", CultureInfo.InvariantCulture));
            output.Flush();
        }
    }
}
