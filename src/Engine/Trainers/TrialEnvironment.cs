using System.Globalization;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// The variables a trainer's program gets besides the inherited environment: the spec's <c>env</c>, then
/// <c>SWEEP_TRIAL</c> (the trial's JSON file), <c>SWEEP_LEARNING_RATE</c>, <c>SWEEP_TRIAL_ID</c>,
/// <c>SWEEP_CHECKPOINT_DIR</c> and, on a GPU slot, <c>CUDA_VISIBLE_DEVICES</c>, which win over the spec's.
/// A worker gets <c>SWEEP_WORKER=1</c> instead of the per-trial ones: its trials arrive on stdin.
/// </summary>
public static class TrialEnvironment
{
    public const string Trial = "SWEEP_TRIAL";
    public const string LearningRate = "SWEEP_LEARNING_RATE";
    public const string TrialId = "SWEEP_TRIAL_ID";
    public const string CheckpointDir = "SWEEP_CHECKPOINT_DIR";
    public const string Worker = "SWEEP_WORKER";
    public const string CudaDevices = "CUDA_VISIBLE_DEVICES";

    public static Dictionary<string, string> ForTrial(ResolvedCommand command, TrialContext trial, string trialFile, CommandRunOptions options)
    {
        var env = new Dictionary<string, string>(command.Env, StringComparer.Ordinal)
        {
            [Trial] = trialFile,
            [LearningRate] = trial.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            [TrialId] = trial.TrialId,
        };
        if (options.CheckpointDirectory is { } checkpoints) env[CheckpointDir] = checkpoints;
        if (options.Gpu is { } gpu) env[CudaDevices] = gpu;
        return env;
    }

    public static Dictionary<string, string> ForWorker(ResolvedCommand command, string? gpu)
    {
        var env = new Dictionary<string, string>(command.Env, StringComparer.Ordinal) { [Worker] = "1" };
        if (gpu is not null) env[CudaDevices] = gpu;
        return env;
    }
}
