namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// An arm while the spec is being read: each part (null when it had problems) with the JSON path it came from,
/// so that a check on the merged arm blames the section the user actually wrote.
/// </summary>
internal sealed record ArmDraft(
    string Name,
    ModelSpec? Model, string ModelPath,
    OptimizerSpec? Optimizer, string OptimizerPath,
    ScheduleSpec? Schedule, string SchedulePath,
    TrainingSpec? Training, string TrainingPath,
    ArmTrainerSpec? Trainer = null, string? TrainerPath = null)
{
    public const string BaseName = "default";

    /// <summary>Whether a part's path is a top-level section (shared by arms that do not override it) rather than an arm's own.</summary>
    public static bool IsBasePath(string partPath) => !partPath.StartsWith("$.search.", StringComparison.Ordinal);

    public ArmSpec ToArm() => new(
        Name,
        Model ?? throw Incomplete(),
        Optimizer ?? throw Incomplete(),
        Schedule ?? throw Incomplete(),
        Training ?? throw Incomplete(),
        Trainer);

    private static InvalidOperationException Incomplete() => new("An arm with problems was about to escape the parser.");
}

/// <summary>The search section while being read; <see cref="Arms"/> is empty when the spec gave none.</summary>
internal sealed record SearchDraft(SearchSpec? Search, bool MetricGiven, IReadOnlyList<ArmDraft> Arms);
