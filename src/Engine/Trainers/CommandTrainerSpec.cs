namespace SweepCluster.Engine.Trainers;

/// <summary>
/// A user's own training program as a spec's <c>trainer</c> describes it: the command line and environment (both may
/// hold placeholders such as <c>{learningRate}</c>), where it runs, how it reports metrics, how long it may take and
/// whether one process serves one trial or a whole slot's trials.
/// </summary>
/// <param name="Command">The program and its arguments, unexpanded; the first element is the executable.</param>
/// <param name="WorkingDirectory">Where the program runs; null means the silo's (or the local command's) working directory.</param>
/// <param name="Env">Variables added to the inherited environment, values unexpanded.</param>
/// <param name="TimeoutSeconds">Longest a trial may run before it is stopped and failed; null means no limit.</param>
public sealed record CommandTrainerSpec(
    IReadOnlyList<string> Command,
    string? WorkingDirectory,
    IReadOnlyDictionary<string, string> Env,
    TrainerMetricsSpec Metrics,
    double? TimeoutSeconds = null,
    TrainerMode Mode = TrainerMode.Process)
{
    /// <summary>This trainer with <paramref name="args"/> appended to its command and <paramref name="env"/> merged over its own (a named trainer's spec or arm overrides).</summary>
    public CommandTrainerSpec With(IReadOnlyList<string>? args, IReadOnlyDictionary<string, string>? env)
    {
        var merged = new Dictionary<string, string>(Env, StringComparer.Ordinal);
        foreach (var (name, value) in env ?? new Dictionary<string, string>()) merged[name] = value;
        return this with { Command = [.. Command, .. args ?? []], Env = merged };
    }
}
