using System.Text.Json;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// Checks the placeholders of a command trainer's <c>command</c>, <c>args</c> and <c>env</c> before anything runs, as
/// each arm's trials would expand them: a sample trial of the arm (its optimizer, schedule and training as resolved)
/// must give every placeholder a value. A placeholder that only some arms can fill is reported with those that cannot.
/// The sample trial carries the search's parameters (each at its first value), so <c>{parameters.optimizer.momentum}</c>
/// is known exactly when the search has that parameter.
/// </summary>
internal static class TrainerTemplates
{
    /// <summary>Stands in for the trial's checkpoint folder, which exists only once a trial runs.</summary>
    private const string SampleCheckpointDir = "/checkpoints/t-00000000";

    public static void Check(TrainerSpec trainer, IReadOnlyList<ArmDraft> arms, bool specHasArms, IReadOnlyList<SearchParameter>? parameters, Problems problems)
    {
        JsonElement? sampleParameters = parameters is null ? null : JsonSerializer.SerializeToElement(
            parameters.ToDictionary(p => p.Name, p => p.Values?[0] ?? ParameterValue.Of(p.Min ?? 0)), SpecJson.Options);
        var failing = new Dictionary<(string Path, string Message), List<string>>();
        var checkedArms = 0;
        for (var index = 0; index < arms.Count; index++)
        {
            var arm = arms[index];
            var found = new List<PlaceholderProblem>();
            if (arm.Optimizer is { } optimizer && arm.Schedule is { } schedule && arm.Training is { } training)
            {
                var trial = TrialContext.For("t-00000000", "s-00000000", index, arm.Name, 0, 1, optimizer.LearningRate ?? 0.01, optimizer, schedule, training, sampleParameters);
                var resolver = new TrialPlaceholders(trial, SampleCheckpointDir);
                foreach (var (template, path) in Templates(trainer, arm)) PlaceholderTemplate.Expand(template, resolver, path, found);
                checkedArms++;
            }
            else
            {
                // The arm's own problems are reported already; its templates can still be checked for braces.
                foreach (var (template, path) in Templates(trainer, arm)) PlaceholderTemplate.Names(template, path, found);
            }
            foreach (var problem in found.Distinct())
            {
                if (!failing.TryGetValue((problem.Where, problem.Message), out var names)) failing[(problem.Where, problem.Message)] = names = [];
                names.Add(arm.Name);
            }
        }
        foreach (var ((path, message), names) in failing)
        {
            var everywhere = !specHasArms || names.Count >= Math.Max(checkedArms, 1);
            problems.Add(path, everywhere ? message : $"{message} (in arm{(names.Count == 1 ? "" : "s")} {ValueText.List(names.Select(ValueText.Quote))})");
        }
    }

    /// <summary>Each template the arm's trials expand, with the JSON path it was written at.</summary>
    private static IEnumerable<(string Template, string Path)> Templates(TrainerSpec trainer, ArmDraft arm)
    {
        const string root = "$.trainer";
        var command = trainer.Command ?? [];
        for (var i = 0; i < command.Count; i++) yield return (command[i], JsonPath.Index(JsonPath.Child(root, "command"), i));

        var (args, argsPath) = arm.Trainer?.Args is { } own ? (own, JsonPath.Child(arm.TrainerPath!, "args")) : (trainer.Args ?? [], JsonPath.Child(root, "args"));
        for (var i = 0; i < args.Count; i++) yield return (args[i], JsonPath.Index(argsPath, i));

        var armEnv = arm.Trainer?.Env ?? new Dictionary<string, string>();
        foreach (var (name, value) in trainer.Env ?? new Dictionary<string, string>())
            if (!armEnv.ContainsKey(name)) yield return (value, JsonPath.Child(JsonPath.Child(root, "env"), name));
        foreach (var (name, value) in armEnv) yield return (value, JsonPath.Child(JsonPath.Child(arm.TrainerPath!, "env"), name));
    }
}
