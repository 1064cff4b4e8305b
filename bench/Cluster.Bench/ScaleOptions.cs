using System.Globalization;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// <c>scale [--trials 1000] [--steps N] [--warmup N] [--server-gc] [--only TEXT]</c> and
/// <c>memory [--server-gc]</c>: the process benchmarks' options.
/// </summary>
/// <param name="Warmup">Trials of the warm-up sweep each fresh cluster runs before the measured one; null: 100 a silo, at least 10 a core.</param>
/// <param name="Only">Run only the shapes whose name contains one of these ("embedded", "4 silos", ...).</param>
internal sealed record ScaleOptions(int Trials, int Steps, bool ServerGc, IReadOnlyList<string>? Only, int? Warmup = null)
{
    /// <summary>
    /// A trial much shorter than Ray Tune's 1 s ones (the table prints what it costs here), so that the same per-trial
    /// overhead weighs more, and a 1,000-trial sweep on two slots stays quick to run.
    /// </summary>
    public const int DefaultSteps = 3000;

    public static ScaleOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int Int(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return new ScaleOptions(
            Int("--trials", 1000),
            Int("--steps", DefaultSteps),
            args.Contains("--server-gc"),
            Value("--only")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Value("--warmup") is { } warmup ? int.Parse(warmup, CultureInfo.InvariantCulture) : null);
    }
}
