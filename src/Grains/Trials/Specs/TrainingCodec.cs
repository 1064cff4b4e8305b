using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Grains.Trials.Specs;

// The training section and a command trainer's sections as Orleans carries them in a trial's start.

[GenerateSerializer, Immutable, Alias("spec.Training")]
public readonly record struct TrainingSurrogate(int Epochs, int? BatchSize, int Seed, long? MaxSteps, int? HistoryEvery, double DivergenceFactor);

[RegisterConverter]
public sealed class TrainingConverter : IConverter<TrainingSpec, TrainingSurrogate>
{
    public TrainingSpec ConvertFromSurrogate(in TrainingSurrogate s) => new(s.Epochs, s.BatchSize, s.Seed, s.MaxSteps, s.HistoryEvery, s.DivergenceFactor);
    public TrainingSurrogate ConvertToSurrogate(in TrainingSpec v) => new(v.Epochs, v.BatchSize, v.Seed, v.MaxSteps, v.HistoryEvery, v.DivergenceFactor);
}

/// <param name="MetricsFormat">By number; null with <paramref name="MetricsPattern"/> when the spec left <c>metrics</c> out.</param>
/// <param name="Mode">By number; null when the spec left it out.</param>
[GenerateSerializer, Immutable, Alias("spec.Trainer")]
public readonly record struct TrainerSurrogate(
    IReadOnlyList<string>? Command,
    string? Name,
    IReadOnlyList<string>? Args,
    string? WorkingDirectory,
    IReadOnlyDictionary<string, string>? Env,
    int? MetricsFormat,
    string? MetricsPattern,
    double? TimeoutSeconds,
    int? Mode);

[RegisterConverter]
public sealed class TrainerConverter : IConverter<TrainerSpec, TrainerSurrogate>
{
    public TrainerSpec ConvertFromSurrogate(in TrainerSurrogate s) => new(
        s.Command, s.Name, s.Args, s.WorkingDirectory, s.Env,
        s.MetricsFormat is { } format ? new TrainerMetricsSpec((TrainerMetricsFormat)format, s.MetricsPattern) : null,
        s.TimeoutSeconds, (TrainerMode?)s.Mode);

    public TrainerSurrogate ConvertToSurrogate(in TrainerSpec v) => new(
        v.Command, v.Name, v.Args, v.WorkingDirectory, v.Env, (int?)v.Metrics?.Format, v.Metrics?.Pattern, v.TimeoutSeconds, (int?)v.Mode);
}

[GenerateSerializer, Immutable, Alias("spec.ArmTrainer")]
public readonly record struct ArmTrainerSurrogate(IReadOnlyList<string>? Args, IReadOnlyDictionary<string, string>? Env);

[RegisterConverter]
public sealed class ArmTrainerConverter : IConverter<ArmTrainerSpec, ArmTrainerSurrogate>
{
    public ArmTrainerSpec ConvertFromSurrogate(in ArmTrainerSurrogate s) => new(s.Args, s.Env);
    public ArmTrainerSurrogate ConvertToSurrogate(in ArmTrainerSpec v) => new(v.Args, v.Env);
}
