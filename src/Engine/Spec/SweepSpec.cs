namespace SweepCluster.Engine.Spec;

/// <summary>A whole spec file (docs/spec.md), every default applied.</summary>
/// <param name="Data">For a command trainer, which brings its own data, <see cref="NoDataSpec"/>.</param>
/// <param name="Model">For a command trainer, which brings its own model, <see cref="ProgramModelSpec"/>.</param>
/// <param name="Trainer">A user's program to train (<c>"kind": "command"</c>); null for the built-in trainer.</param>
public sealed record SweepSpec(
    string Name,
    DataSpec Data,
    ModelSpec Model,
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule,
    TrainingSpec Training,
    SearchSpec Search,
    TrainerSpec? Trainer = null)
{
    // A written command-trainer spec leaves data and model out; reading it back (JsonSerializer) restores them.
    public DataSpec Data { get; init; } = Data ?? new NoDataSpec();

    public ModelSpec Model { get; init; } = Model ?? ProgramModelSpec.Instance;

    /// <summary>The arms to search: the spec's own, or the base spec as the single arm "default".</summary>
    public IReadOnlyList<ArmSpec> ResolvedArms() =>
        Search.Arms.Count > 0 ? Search.Arms : [new ArmSpec("default", Model, Optimizer, Schedule, Training)];
}
