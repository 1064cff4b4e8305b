using System.Text.Json.Serialization;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Spec;

/// <summary>
/// A spec's <c>trainer</c> when it trains a user's own program (<c>"kind": "command"</c>): an inline
/// <see cref="Command"/>, or the <see cref="Name"/> of a trainer declared on the silos with <c>--trainers</c>, with
/// <see cref="Args"/> appended and <see cref="Env"/> merged over it. The built-in trainer has no section
/// (<see cref="SweepSpec.Trainer"/> is null). Fields the spec left out stay null, so a written spec reads back the same.
/// </summary>
/// <param name="WorkingDirectory">Absolute (the parser resolves it); null means the working directory of the host.</param>
/// <param name="Metrics">Null means JSON reports (or, for a named trainer, the declared trainer's format).</param>
/// <param name="Mode">Null means process mode (or the declared trainer's).</param>
public sealed record TrainerSpec(
    IReadOnlyList<string>? Command = null,
    string? Name = null,
    IReadOnlyList<string>? Args = null,
    string? WorkingDirectory = null,
    IReadOnlyDictionary<string, string>? Env = null,
    TrainerMetricsSpec? Metrics = null,
    double? TimeoutSeconds = null,
    TrainerMode? Mode = null)
{
    [JsonPropertyOrder(-1)]
    public string Kind => "command";

    /// <summary>
    /// The program to run for an arm: the inline command (or <paramref name="declared"/>, the silo's trainer this spec
    /// names) with the arm's <c>args</c> (else the spec's) appended and the spec's then the arm's <c>env</c> merged over it.
    /// </summary>
    /// <exception cref="InputException">The spec names a trainer and <paramref name="declared"/> is null.</exception>
    public CommandTrainerSpec Resolve(ArmTrainerSpec? arm = null, CommandTrainerSpec? declared = null)
    {
        var args = arm?.Args ?? Args;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Env ?? new Dictionary<string, string>()) env[name] = value;
        foreach (var (name, value) in arm?.Env ?? new Dictionary<string, string>()) env[name] = value;
        if (Command is { } command)
            return new CommandTrainerSpec(command, WorkingDirectory, new Dictionary<string, string>(), Metrics ?? TrainerMetricsSpec.Json, TimeoutSeconds, Mode ?? TrainerMode.Process)
                .With(args, env);
        if (declared is null)
            throw new InputException($"trainer.name: \"{Name}\" is a trainer declared on the silos with --trainers; only a silo that declares it can run it.");
        return declared.With(args, env);
    }
}

/// <summary>What an arm of a command-trainer spec may change: its <c>args</c> (replacing the spec's) and <c>env</c> (merged over the spec's).</summary>
public sealed record ArmTrainerSpec(IReadOnlyList<string>? Args = null, IReadOnlyDictionary<string, string>? Env = null);
