using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// Which programs a submitted spec may run on this cluster: a command written in the spec only on silos started with
/// <c>--allow-commands</c> (and in the embedded silo of <c>--local</c>), a named trainer only if the silos declare it
/// (<c>--trainers</c>). Checked at submit, so that nothing is submitted that its trials would refuse.
/// </summary>
internal static class TrainerTrust
{
    /// <summary>Why this silo refuses the spec's trainer, naming the option; null when it may run it (or the spec has none).</summary>
    public static string? Refusal(SweepSpec spec, SweepSiloOptions silo) => spec.Trainer switch
    {
        null => null,
        { Command: not null } when !silo.AllowCommands =>
            "trainer.command: this cluster does not run commands written in a spec; start its silos with --allow-commands, " +
            "or declare the program on them with --trainers FILE and name it (\"trainer\": {\"name\": ...}). Nothing was submitted.",
        { Command: null, Name: { } name } when !silo.Trainers.ContainsKey(name) =>
            $"trainer.name: \"{name}\" is not a trainer declared on this cluster's silos (--trainers FILE); {CommandTrialSetup.Declared(silo)}. Nothing was submitted.",
        _ => null,
    };
}
