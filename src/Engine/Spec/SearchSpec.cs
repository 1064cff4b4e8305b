using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Spec;

/// <summary>How η is searched (docs/spec.md search). One derived record per <c>kind</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(NoSearchSpec), "none")]
[JsonDerivedType(typeof(GridSearchSpec), "grid")]
[JsonDerivedType(typeof(CoarseToFineSearchSpec), "coarse-to-fine")]
[JsonDerivedType(typeof(LrFinderSearchSpec), "lr-finder")]
[JsonDerivedType(typeof(LrFinderThenGridSearchSpec), "lr-finder-then-grid")]
[JsonDerivedType(typeof(RandomSearchSpec), "random")]
[JsonDerivedType(typeof(TpeSearchSpec), "tpe")]
public abstract record SearchSpec
{
    public Metric Metric { get; init; } = Metric.ValidationLoss;

    /// <summary>Most trials in flight; null means every free slot.</summary>
    public int? Concurrency { get; init; }

    /// <summary>The early-stopping rule, ASHA or median; null for none.</summary>
    [JsonPropertyName("earlyStopping")]
    public EarlyStoppingSpec? EarlyStoppingRule { get; init; }

    /// <summary>The rule when it is ASHA, the one the η searches carry out; null otherwise.</summary>
    [JsonIgnore]
    public AshaSpec? EarlyStopping => EarlyStoppingRule as AshaSpec;

    /// <summary>
    /// The dimensions searched besides or instead of η alone (random, tpe, grid), in the order written; null for the
    /// searches over η alone.
    /// </summary>
    [JsonConverter(typeof(SearchParametersJsonConverter))]
    public IReadOnlyList<SearchParameter>? Parameters { get; init; }

    /// <summary>Runs per configuration, with seeds training.seed, +1, …; ranked by their mean.</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>Resolved arms (overrides already merged into full sections); empty means the one base arm.</summary>
    public IReadOnlyList<ArmSpec> Arms { get; init; } = [];
}

public sealed record NoSearchSpec : SearchSpec;

/// <summary>
/// Either explicit <see cref="LearningRates"/> or a log grid from Min to Max, both ends included; or, with
/// <see cref="SearchSpec.Parameters"/> (and none of these), every combination of the parameters' grid values.
/// </summary>
public sealed record GridSearchSpec(double[]? LearningRates = null, double? Min = null, double? Max = null, double? PointsPerDecade = null) : SearchSpec;

public sealed record CoarseToFineSearchSpec(
    double Min = 1e-5,
    double Max = 10,
    double PointsPerDecade = 1,
    int Refinements = 2,
    int PointsPerRefinement = 5) : SearchSpec;

public sealed record LrFinderSearchSpec(
    double Min = 1e-7,
    double Max = 10,
    int Steps = 100,
    RampMode Mode = RampMode.Exponential,
    double Smoothing = 0.98,
    double DivergenceThreshold = 4) : SearchSpec;

public sealed record LrFinderThenGridSearchSpec(
    double Min = 1e-7,
    double Max = 10,
    int Steps = 100,
    RampMode Mode = RampMode.Exponential,
    double Smoothing = 0.98,
    double DivergenceThreshold = 4,
    int PointsPerRefinement = 5,
    double Span = 10) : SearchSpec;

/// <summary><see cref="Trials"/> configurations, each parameter drawn independently, seeded by <see cref="Seed"/>.</summary>
public sealed record RandomSearchSpec(int Trials, int Seed = 0) : SearchSpec;

/// <summary><see cref="Trials"/> configurations proposed by the Tree-structured Parzen Estimator, seeded by <see cref="Seed"/>.</summary>
public sealed record TpeSearchSpec(int Trials, int Seed = 0) : SearchSpec;

/// <summary>How a search stops trials early. One derived record per <c>kind</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(AshaSpec), "asha")]
[JsonDerivedType(typeof(MedianStoppingSpec), "median")]
public abstract record EarlyStoppingSpec;

/// <summary>Asynchronous successive halving at epoch rungs minEpochs·r^k.</summary>
public sealed record AshaSpec(double ReductionFactor = 3, int MinEpochs = 1) : EarlyStoppingSpec;

/// <summary>
/// Optuna's MedianPruner on epochs: past <see cref="WarmupEpochs"/>, a trial worse than the median of the other trials
/// at the same epoch, once <see cref="MinTrials"/> have reported it, stops.
/// </summary>
public sealed record MedianStoppingSpec(int WarmupEpochs = 1, int MinTrials = 5) : EarlyStoppingSpec;

/// <summary>One arm of a sweep, every part resolved (the base spec with the arm's overrides applied).</summary>
/// <param name="Trainer">The arm's own <c>trainer.args</c> and <c>trainer.env</c> (see <see cref="TrainerSpec.Resolve"/>); null when it sets neither.</param>
public sealed record ArmSpec(string Name, ModelSpec Model, OptimizerSpec Optimizer, ScheduleSpec Schedule, TrainingSpec Training, ArmTrainerSpec? Trainer = null)
{
    // A written command-trainer arm leaves its model out; reading it back (JsonSerializer) restores it.
    public ModelSpec Model { get; init; } = Model ?? ProgramModelSpec.Instance;

    /// <summary>The rate a smoothness schedule is given when the spec has none: it sets its own step and ignores η.</summary>
    public const double IgnoredRate = 1;

    /// <summary>
    /// η when no search sets it: the optimizer's, as the parser settled it (the CLI's override, the spec's, or PyTorch's
    /// default); <see cref="IgnoredRate"/> for a smoothness schedule without one; null when only a search can supply it.
    /// </summary>
    public double? FixedLearningRate() => Optimizer.LearningRate ?? (Schedule is SmoothnessScheduleSpec ? IgnoredRate : null);
}
