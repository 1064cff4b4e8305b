using System.Text.Json;
using SweepCluster.Engine;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Trainers;
using SweepCluster.Grains.Hosting;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// What one attempt of a command trial runs on this silo: the program resolved against the silo's trust settings
/// (an inline command only with <see cref="SweepSiloOptions.AllowCommands"/>, a named one from
/// <see cref="SweepSiloOptions.Trainers"/>), the trial as the program is told it, and where its checkpoints live.
/// </summary>
/// <param name="Trainer">Null when this silo may not run it; <see cref="Refusal"/> says why.</param>
/// <param name="Gpus">The silo's GPU ids: slot i runs with <c>CUDA_VISIBLE_DEVICES</c> = Gpus[i mod n].</param>
internal sealed record CommandTrialSetup(
    CommandTrainerSpec? Trainer,
    string? Refusal,
    TrialContext Context,
    CommandRunOptions Options,
    int TotalEpochs,
    IReadOnlyList<string> Gpus)
{
    /// <summary>The run options for the slot it holds: that slot's GPU, if the silo has any.</summary>
    public CommandRunOptions ForSlot(int slot) => Gpus.Count == 0 ? Options : Options with { Gpu = Gpus[slot % Gpus.Count] };

    public static CommandTrialSetup For(TrialStart request, string trialId, int attempt, SweepSiloOptions silo, string siloName)
    {
        var trainer = request.Trainer ?? throw new ArgumentException("the trial has no command trainer.", nameof(request));
        JsonElement? parameters = TrialParameter.ToValues(request.Parameters) is { } values ? JsonSerializer.SerializeToElement(values, SpecJson.Options) : null;
        var context = TrialContext.For(trialId, request.SweepId, request.Arm, request.ArmName, request.Stage, attempt, request.LearningRate,
            request.Optimizer, request.Schedule, request.Training, parameters);
        var options = new CommandRunOptions(request.Training.DivergenceFactor, CheckpointDirectories.For(silo.CheckpointRootOrDefault, trialId));
        CommandTrainerSpec? resolved = null;
        string? refusal = null;
        try
        {
            if (trainer.Command is not null)
            {
                if (silo.AllowCommands) resolved = trainer.Resolve(request.ArmTrainer);
                else refusal = $"trainer.command: silo {siloName} does not run commands written in a spec; start it with --allow-commands, or name a trainer it declares with --trainers.";
            }
            else if (trainer.Name is { } name && silo.Trainers.TryGetValue(name, out var declared))
                resolved = trainer.Resolve(request.ArmTrainer, declared.Resolve());
            else
                refusal = $"trainer.name: \"{trainer.Name}\" is not declared on silo {siloName} (--trainers); {Declared(silo)}.";
        }
        catch (InputException e)
        {
            refusal = e.Message;
        }
        return new CommandTrialSetup(resolved, refusal, context, options, request.Training.Epochs, silo.Gpus);
    }

    /// <summary>The names a silo declares, for a message.</summary>
    public static string Declared(SweepSiloOptions silo) =>
        silo.Trainers.Count == 0 ? "it declares none" : "it declares " + string.Join(", ", silo.Trainers.Keys.Order(StringComparer.Ordinal).Select(n => $"\"{n}\""));
}
