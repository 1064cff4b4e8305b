namespace SweepCluster.Engine.Spec;

/// <summary>A whole spec file (docs/spec.md), every default applied.</summary>
public sealed record SweepSpec(
    string Name,
    DataSpec Data,
    ModelSpec Model,
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule,
    TrainingSpec Training,
    SearchSpec Search)
{
    /// <summary>The arms to search: the spec's own, or the base spec as the single arm "default".</summary>
    public IReadOnlyList<ArmSpec> ResolvedArms() =>
        Search.Arms.Count > 0 ? Search.Arms : [new ArmSpec("default", Model, Optimizer, Schedule, Training)];
}
