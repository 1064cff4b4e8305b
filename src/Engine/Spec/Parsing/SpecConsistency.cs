using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// The checks that span sections, run on every arm as it will train (the base spec when there are no arms):
/// model against data, the learning rate against the search, metrics against model and data, ASHA against epochs.
/// </summary>
internal static class SpecConsistency
{
    /// <summary>The arms with their learning rates settled (override, PyTorch default, or left to the search).</summary>
    public static IReadOnlyList<ArmDraft> Apply(DataSpec? data, ArmDraft baseArm, SearchDraft search, ReadContext ctx)
    {
        var problems = ctx.Problems;
        var overrideOk = CheckOverride(ctx);
        // Without a search, or with parameters that leave η out, every trial trains at the spec's own rate.
        var fixedRate = search.Search is NoSearchSpec ? "when search.kind is none"
            : search.Search?.Parameters is { } parameters && parameters.All(p => p.Name != SearchParameter.LearningRate) ? "when search.parameters has no learningRate"
            : null;
        var arms = search.Arms.Count > 0 ? search.Arms : [baseArm];
        var settled = new List<ArmDraft>();
        if (ctx.CommandTrainer) CheckSearchForProgram(search.Search, problems);
        foreach (var arm in arms)
        {
            if (ctx.CommandTrainer) CheckScheduleForProgram(arm, problems);
            CheckModelAgainstData(arm, data, problems);
            if (search.Search is { } s) CheckSearch(arm, s, search.MetricGiven, data, problems);
            CheckPlateau(arm, data, problems);
            // The smoothness rule sets the step from L and μ itself: no rate is needed to train it.
            var needsRate = fixedRate is not null && arm.Schedule is not SmoothnessScheduleSpec ? fixedRate : null;
            var optimizer = SettleLearningRate(arm.Optimizer, arm.OptimizerPath, needsRate, overrideOk ? ctx.LearningRateOverride : null, problems);
            settled.Add(arm with { Optimizer = optimizer });
        }
        return settled;
    }

    /// <summary>The base optimizer as stored in the spec: like an arm's, but only required when some arm uses it.</summary>
    public static OptimizerSpec? SettleBase(OptimizerSpec? optimizer, IReadOnlyList<ArmDraft> settledArms, ReadContext ctx) =>
        settledArms.FirstOrDefault(a => a.OptimizerPath == "$.optimizer") is { } user
            ? user.Optimizer
            : SettleLearningRate(optimizer, "$.optimizer", needsRate: null, ValidOverride(ctx), ctx.Problems);

    private static bool CheckOverride(ReadContext ctx)
    {
        if (ctx.LearningRateOverride is not { } rate || double.IsFinite(rate) && rate > 0) return true;
        ctx.Problems.Add("--learning-rate", $"{ValueText.Number(rate)} is not allowed; must be a finite number > 0");
        return false;
    }

    private static double? ValidOverride(ReadContext ctx) =>
        ctx.LearningRateOverride is { } rate && double.IsFinite(rate) && rate > 0 ? rate : null;

    /// <summary>
    /// The override if given; else what the spec says; else, when no search sets η (<paramref name="needsRate"/> says
    /// when that is), PyTorch's default.
    /// </summary>
    private static OptimizerSpec? SettleLearningRate(OptimizerSpec? optimizer, string path, string? needsRate, double? rateOverride, Problems problems)
    {
        if (optimizer is null) return null;
        if (rateOverride is { } rate) return optimizer with { LearningRate = rate };
        // In a search the search supplies η; PyTorch's default would only be a misleading placeholder.
        if (optimizer.LearningRate is not null || needsRate is null) return optimizer;
        if (OptimizerReader.DefaultLearningRate(optimizer) is { } fallback) return optimizer with { LearningRate = fallback };
        problems.Add(JsonPath.Child(path, "learningRate"),
            $"is required for the {OptimizerReader.KindOf(optimizer)} optimizer {needsRate} (PyTorch's {OptimizerReader.KindOf(optimizer)} has no default); " +
            "give a number > 0 or pass --learning-rate");
        return null;
    }

    /// <summary>An LR range test sets the rate at every step, which only the built-in trainer can do.</summary>
    private static void CheckSearchForProgram(SearchSpec? search, Problems problems)
    {
        if (search is LrFinderSearchSpec or LrFinderThenGridSearchSpec)
            problems.Add("$.search.kind",
                $"{ValueText.Quote(search is LrFinderSearchSpec ? "lr-finder" : "lr-finder-then-grid")} is not allowed with a command trainer: " +
                "an LR range test sets the rate at every step, which only the built-in trainer can do; use none, grid or coarse-to-fine");
    }

    /// <summary>The schedules that read the model itself (its smoothness, its loss on a batch) need the built-in one.</summary>
    private static void CheckScheduleForProgram(ArmDraft arm, Problems problems)
    {
        var kind = arm.Schedule switch
        {
            SmoothnessScheduleSpec => "smoothness",
            ArmijoScheduleSpec => "armijo",
            _ => null,
        };
        if (kind is not null)
            problems.Add(JsonPath.Child(arm.SchedulePath, "kind"),
                $"{ValueText.Quote(kind)} is not allowed with a command trainer: it reads the built-in model itself; " +
                "use a schedule a program can follow (constant, step, multistep, exponential, inverse-time, cosine, cosine-restarts, cyclic, one-cycle, reduce-on-plateau)");
    }

    private static void CheckModelAgainstData(ArmDraft arm, DataSpec? data, Problems problems)
    {
        if (arm.Model is not { } model || model is ProgramModelSpec || data is null) return;
        var kind = ModelReader.KindOf(model);
        var source = ValueText.Quote(SourceOf(data));
        var isBase = ArmDraft.IsBasePath(arm.ModelPath);
        var path = isBase ? "$.data.source" : JsonPath.Child(arm.ModelPath, "kind");
        if (model is QuadraticModelSpec && data is not NoDataSpec)
            problems.Add(path, isBase
                ? $"{source} is not allowed with the quadratic model, which takes no data; use \"none\" or leave data out"
                : $"\"quadratic\" takes no data, but data.source is {source}");
        else if (model is not QuadraticModelSpec && data is NoDataSpec)
            problems.Add(path, isBase
                ? $"\"none\" is only for the quadratic model; the {kind} model needs data: mnist, idx, csv or synthetic"
                : $"{ValueText.Quote(kind)} needs data, but data.source is \"none\"");
        else if (KnownShape(data) is var (features, classes, name) && model is not QuadraticModelSpec)
        {
            // The files of idx and csv data are read later (validate, train, the silo); the model is checked there too.
            var parameters = ModelSize.Parameters(model, features, classes);
            if (parameters > SpecLimits.MaxModelParameters)
                problems.Add(model is MlpModelSpec ? JsonPath.Child(arm.ModelPath, "hidden") : arm.ModelPath,
                    $"the {kind} model would have {ValueText.Count(parameters)} parameters on the {ValueText.Count(features)} features of {name}; " +
                    $"at most {ValueText.Count(SpecLimits.MaxModelParameters)} are allowed ({ValueText.Count(SpecLimits.MaxModelParameters * 4 >> 20)} MB as float32)");
        }
    }

    /// <summary>Features and classes of data whose shape the spec alone fixes; null for files (idx, csv) and none.</summary>
    private static (long Features, int Classes, string Name)? KnownShape(DataSpec data) => data switch
    {
        MnistDataSpec => ((long)BundledMnist.Side * BundledMnist.Side, BundledMnist.Classes, "the bundled MNIST digits"),
        SyntheticDataSpec s => (s.Features, s.Task == SyntheticTask.Logistic ? 2 : 0, "the synthetic data"),
        _ => null,
    };

    private static void CheckSearch(ArmDraft arm, SearchSpec search, bool metricGiven, DataSpec? data, Problems problems)
    {
        var ranks = search is not NoSearchSpec || metricGiven;
        if (ranks) CheckMetric(search.Metric, metricGiven, "$.search.metric", "search.metric", arm, data, problems);
        if (search.EarlyStopping is { } asha && arm.Training is { } training && asha.MinEpochs > training.Epochs)
            problems.Add("$.search.earlyStopping.minEpochs",
                $"{asha.MinEpochs} is more than the {training.Epochs} epochs of {(arm.Name == ArmDraft.BaseName ? "training.epochs" : $"arm {ValueText.Quote(arm.Name)}")}; " +
                "ASHA's first rung must come before the run ends");
        if (search.EarlyStoppingRule is MedianStoppingSpec median && arm.Training is { } trained && median.WarmupEpochs >= trained.Epochs)
            problems.Add("$.search.earlyStopping.warmupEpochs",
                $"{median.WarmupEpochs} is not less than the {trained.Epochs} epochs of {(arm.Name == ArmDraft.BaseName ? "training.epochs" : $"arm {ValueText.Quote(arm.Name)}")}; " +
                "the median rule only compares epochs past the warmup");
    }

    private static void CheckPlateau(ArmDraft arm, DataSpec? data, Problems problems)
    {
        if (arm.Schedule is ReduceOnPlateauScheduleSpec plateau)
            CheckMetric(plateau.Metric, true, JsonPath.Child(arm.SchedulePath, "metric"), "the plateau metric", arm, data, problems);
    }

    private static void CheckMetric(Metric metric, bool given, string path, string role, ArmDraft arm, DataSpec? data, Problems problems)
    {
        // A program reports what it measures; there is no model or data here to hold it against.
        if (arm.Model is ProgramModelSpec) return;
        var name = EnumNames<Metric>.Name(metric) + (given ? "" : " (the default)");
        if (metric == Metric.ValidationAccuracy && arm.Model is { } model && !ModelReader.IsClassifier(model))
        {
            var where = ArmDraft.IsBasePath(arm.ModelPath) ? path : JsonPath.Child(arm.ModelPath, "kind");
            problems.Add(where, $"{role} validationAccuracy needs a classification model (logistic, softmax or mlp); the model is {ModelReader.KindOf(model)}");
        }
        if (metric == Metric.TrainLoss || data is null || DataReader.KnownValidationRows(data) != 0) return;
        problems.Add(path, data is NoDataSpec
            ? $"{name} needs validation data, and data source \"none\" has none; use trainLoss"
            : $"{name} needs validation data, but data.validationSize is 0; give validationSize > 0 or use trainLoss");
    }

    private static string SourceOf(DataSpec data) => data switch
    {
        MnistDataSpec => "mnist",
        IdxDataSpec => "idx",
        CsvDataSpec => "csv",
        SyntheticDataSpec => "synthetic",
        _ => "none",
    };
}
