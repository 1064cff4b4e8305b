using System.Text.Json;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Walks a whole spec document, section by section, collecting every problem before deciding anything.</summary>
internal static class SpecReader
{
    /// <summary>The spec, or null when <see cref="ReadContext.Problems"/> holds at least one problem.</summary>
    public static SweepSpec? Read(JsonElement root, ReadContext ctx)
    {
        var problems = ctx.Problems;
        if (SpecObject.From(root, JsonPath.Root, "the spec", problems) is not { } o) return null;

        var name = o.Has("name") ? Names.Read(o, "name") : ctx.DefaultName;
        var trainer = TrainerReader.Read(o.Object("trainer", "the trainer"), ctx);
        ctx.CommandTrainer = trainer.IsCommand;
        var (model, data) = trainer.IsCommand ? ProgramParts(o) : BuiltinParts(o, ctx);
        ctx.DefaultMetric = data is NoDataSpec && !trainer.IsCommand ? Metric.TrainLoss : Metric.ValidationLoss;
        var optimizer = o.Required("optimizer") is not null && o.Object("optimizer", "the optimizer") is { } p ? OptimizerReader.Read(p) : null;
        var schedule = o.Object("schedule", "the schedule") is { } s ? ScheduleReader.Read(s, ctx.DefaultMetric) : Default<ScheduleSpec>(o, "schedule", new ConstantScheduleSpec());
        var training = o.Object("training", "the training section") is { } t ? TrainingReader.Read(t, new TrainingSpec()) : Default(o, "training", new TrainingSpec());
        var baseArm = new ArmDraft(ArmDraft.BaseName, model, "$.model", optimizer, "$.optimizer", schedule, "$.schedule", training, "$.training");
        var search = SearchReader.Read(o.Object("search", "the search"), baseArm, ctx);
        if (search.Search?.Parameters is { } parameters && !ctx.Probing) ParameterProbe.Check(root, parameters, ctx);
        var searchOk = search.Search is not null || !o.Has("search");
        o.RejectUnknown();

        var arms = SpecConsistency.Apply(data, baseArm, search, ctx);
        var baseOptimizer = SpecConsistency.SettleBase(optimizer, arms, ctx);
        if (trainer.Read is { } commandTrainer) TrainerTemplates.Check(commandTrainer, arms, search.Arms.Count > 0, search.Search?.Parameters, problems);
        if (problems.Count > 0) return null;
        if (name is null || data is null || model is null || baseOptimizer is null || schedule is null || training is null || !searchOk
            || trainer.IsCommand && trainer.Spec is null)
            throw new InvalidOperationException("A section failed without reporting a problem.");

        var searchSpec = search.Search! with { Arms = search.Arms.Count > 0 ? arms.Select(a => a.ToArm()).ToArray() : [] };
        return new SweepSpec(name, data, model, baseOptimizer, schedule, training, searchSpec, trainer.Spec);
    }

    private static (ModelSpec? Model, DataSpec? Data) BuiltinParts(SpecObject o, ReadContext ctx)
    {
        var model = o.Required("model") is not null && o.Object("model", "the model") is { } m ? ModelReader.Read(m, null) : null;
        return (model, Data(o, model, ctx));
    }

    /// <summary>A command trainer's program brings its own data and model: the spec must not give them.</summary>
    private static (ModelSpec? Model, DataSpec? Data) ProgramParts(SpecObject o)
    {
        foreach (var field in new[] { "data", "model" }.Where(o.Has))
            o.Problems.Add(o.At(field), $"is not allowed with a command trainer: the program brings its own data and model; remove {field} (or train the built-in models with \"trainer\": {{\"kind\": \"builtin\"}})");
        return (ProgramModelSpec.Instance, new NoDataSpec());
    }

    /// <summary><c>data</c> may be left out only for the quadratic model, which takes none.</summary>
    private static DataSpec? Data(SpecObject o, ModelSpec? model, ReadContext ctx)
    {
        if (o.Object("data", "the data") is { } d) return DataReader.Read(d, ctx.BaseDirectory, ctx.DataRoot);
        if (o.Has("data")) return null;
        if (model is QuadraticModelSpec) return new NoDataSpec();
        if (model is not null)
            o.Problems.Add(o.At("data"), $"is required for the {ModelReader.KindOf(model)} model (only the quadratic model runs without data)");
        return null;
    }

    // A section given but not an object was reported by Object(); only a section left out takes the default.
    private static T? Default<T>(SpecObject o, string field, T value) where T : class => o.Has(field) ? null : value;
}
