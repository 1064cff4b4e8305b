using System.Globalization;
using System.Text.Json;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// Reads <c>search.arms</c>. <c>optimizer</c> and <c>schedule</c> replace the base sections whole; <c>training</c>
/// and <c>model</c> override only the fields they name, and the merged result is checked like a top-level one;
/// <c>trainer</c> may set only the command trainer's <c>args</c> (replacing the spec's) and <c>env</c> (merged).
/// </summary>
internal static class ArmsReader
{
    /// <summary>The arms, or null after problems (each arm is still read, to report all of them).</summary>
    public static IReadOnlyList<ArmDraft>? Read(JsonElement e, string path, ArmDraft baseArm, ReadContext ctx)
    {
        var problems = ctx.Problems;
        if (e.ValueKind != JsonValueKind.Array)
        {
            problems.Add(path, $"expected a list of arms, found {ValueText.Found(e)}");
            return null;
        }
        var count = e.GetArrayLength();
        if (count == 0)
        {
            problems.Add(path, "the list is empty; leave arms out to search the base spec alone, or give at least one arm");
            return null;
        }
        if (count > SpecLimits.MaxArms)
        {
            problems.Add(path, $"{count} arms is more than the limit of {SpecLimits.MaxArms}");
            return null;
        }

        var arms = new List<ArmDraft>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var ok = true;
        var index = 0;
        foreach (var item in e.EnumerateArray())
        {
            var armPath = JsonPath.Index(path, index);
            var arm = SpecObject.From(item, armPath, "an arm", problems) is { } o ? ReadArm(o, index, baseArm, ctx) : null;
            if (arm is null) ok = false;
            else if (names.TryAdd(arm.Name, index)) arms.Add(arm);
            else
            {
                problems.Add(JsonPath.Child(armPath, "name"), $"{ValueText.Quote(arm.Name)} is already the name of arms[{names[arm.Name]}]; arm names must be unique");
                ok = false;
            }
            index++;
        }
        return ok ? arms : null;
    }

    private static ArmDraft? ReadArm(SpecObject o, int index, ArmDraft baseArm, ReadContext ctx)
    {
        var hasName = o.Has("name");
        var name = hasName ? Names.Read(o, "name") : "arm-" + index.ToString(CultureInfo.InvariantCulture);

        var hasModel = o.Has("model");
        // A command trainer has no model to override: the field is refused below, not read.
        var model = !ctx.CommandTrainer && o.Object("model", "the arm's model") is { } m ? Model(m, baseArm.Model) : null;
        var hasOptimizer = o.Has("optimizer");
        var optimizer = o.Object("optimizer", "the arm's optimizer") is { } p ? OptimizerReader.Read(p) : null;
        var hasSchedule = o.Has("schedule");
        var schedule = o.Object("schedule", "the arm's schedule") is { } s ? ScheduleReader.Read(s, ctx.DefaultMetric) : null;
        var hasTraining = o.Has("training");
        var training = o.Object("training", "the arm's training section") is { } t ? TrainingReader.Read(t, baseArm.Training ?? new TrainingSpec()) : null;
        var hasTrainer = o.Has("trainer");
        var trainer = o.Object("trainer", "an arm's trainer") is { } r ? TrainerReader.ReadArm(r, ctx) : null;
        o.RejectUnknown();
        if (hasModel && ctx.CommandTrainer)
        {
            ctx.Problems.Add(o.At("model"), "is not allowed with a command trainer: the program brings its own model; an arm may set the trainer's args and env instead");
            return null;
        }

        if (name is null || hasModel && model is null || hasOptimizer && optimizer is null || hasSchedule && schedule is null
            || hasTraining && training is null || hasTrainer && trainer is null) return null;
        return new ArmDraft(
            name,
            hasModel ? model : baseArm.Model, hasModel ? o.At("model") : baseArm.ModelPath,
            hasOptimizer ? optimizer : baseArm.Optimizer, hasOptimizer ? o.At("optimizer") : baseArm.OptimizerPath,
            hasSchedule ? schedule : baseArm.Schedule, hasSchedule ? o.At("schedule") : baseArm.SchedulePath,
            hasTraining ? training : baseArm.Training, hasTraining ? o.At("training") : baseArm.TrainingPath,
            trainer, hasTrainer ? o.At("trainer") : null);
    }

    private static ModelSpec? Model(SpecObject o, ModelSpec? baseModel)
    {
        // A partial override of a base model that itself failed would only repeat the base's problems.
        if (baseModel is null && !o.Has("kind")) return null;
        return ModelReader.Read(o, baseModel);
    }
}
