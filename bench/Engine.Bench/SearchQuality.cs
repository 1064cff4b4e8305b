using System.Globalization;
using System.Text.Json.Nodes;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// The best value a sampler found after each budget, one sequential study per seed: the Engine's TPE and random samplers
/// driven directly, one trial at a time. Prints one JSON line per study, the same lines
/// bench/search-quality/optuna_study.py prints for Optuna, which bench/search-quality/table.py turns into the table.
/// Run: dotnet run -c Release --project bench/Engine.Bench -- quality --objective quadratic [--seeds 10] [--trials 100]
/// </summary>
internal static class SearchQuality
{
    public static readonly int[] Budgets = [20, 50, 100];

    public static void Run(string[] args, TextWriter output)
    {
        var objective = QualityObjectives.Create(Option(args, "--objective") ?? "quadratic");
        int seeds = int.Parse(Option(args, "--seeds") ?? "10", CultureInfo.InvariantCulture);
        int trials = int.Parse(Option(args, "--trials") ?? "100", CultureInfo.InvariantCulture);
        var samplers = (Option(args, "--samplers") ?? "tpe,random").Split(',');
        foreach (var name in samplers)
            for (int seed = 0; seed < seeds; seed++)
            {
                ISearchSampler sampler = name switch
                {
                    "tpe" => new TpeSampler(objective.Space, seed),
                    // Normalised kernel densities (with the scale term Optuna 3.1 lacked): what that difference costs.
                    "tpe-normalised" => new TpeSampler(objective.Space, seed, new TpeSettings { OmitKernelScale = false }),
                    "random" => new RandomSampler(objective.Space, seed),
                    _ => throw new ArgumentException($"unknown sampler '{name}': use tpe, tpe-normalised or random"),
                };
                var values = Study(objective, sampler, trials);
                output.WriteLine(Line(objective.Name, "sweepcluster-" + name, seed, values).ToJsonString());
            }
    }

    /// <summary>The values of <paramref name="trials"/> trials proposed one after another, each told its result before the next.</summary>
    private static double[] Study(IQualityObjective objective, ISearchSampler sampler, int trials)
    {
        var observations = new List<TrialObservation>(trials);
        var values = new double[trials];
        for (int k = 0; k < trials; k++)
        {
            var point = sampler.Propose(k, observations);
            values[k] = objective.Evaluate(objective.Space.Describe(point));
            observations.Add(TrialObservation.Completed(point, values[k]));
        }
        return values;
    }

    /// <summary>A study's line: the best value after each budget it reached, and every value in order.</summary>
    public static JsonObject Line(string objective, string sampler, int seed, IReadOnlyList<double> values)
    {
        var best = new JsonObject();
        foreach (var budget in Budgets.Where(b => b <= values.Count))
            best[budget.ToString(CultureInfo.InvariantCulture)] = values.Take(budget).Min();
        return new JsonObject
        {
            ["objective"] = objective, ["sampler"] = sampler, ["seed"] = seed, ["best"] = best,
            ["values"] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]),
        };
    }

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
