using System.Globalization;
using SweepCluster.Client.Results;
using SweepCluster.Engine.Results;
using SweepCluster.Grains.Load;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Client.Console;

/// <summary>
/// One line of a sweep's progress: its status, trials, stages, best so far and each silo's training load, e.g.
/// <c>running: 4 done, 2 running, 0 failed or cancelled; 2 stages; best η 0.01 (trainLoss 0.0123); silos 127.0.0.1:11111 2/2</c>.
/// </summary>
internal static class ProgressLine
{
    public static string Of(SweepSummary s, IReadOnlyList<SiloLoad> silos) => Of(s, TrialCounts.Of(s), silos);

    /// <summary>
    /// The line with the given counts: an ended sweep's are its result's, which are final, where the summary's still
    /// count as failed the runs that were stopping when it ended. Once it has ended, the silos are named without their
    /// load, which is about other work by then.
    /// </summary>
    public static string Of(SweepSummary s, TrialCounts counts, IReadOnlyList<SiloLoad> silos)
    {
        var line = $"{Phase(s.Status)}: {counts}; {s.Stages} stage{(s.Stages == 1 ? "" : "s")}";
        if (Best(s, "G4", "G5") is { } best) line += "; best " + best;
        if (silos.Count > 0) line += "; silos " + string.Join(", ", silos.Select(silo => s.Status.IsTerminal() ? silo.Address : Load(silo)));
        return line;
    }

    /// <summary>"η 0.01 (trainLoss 0.0123)", or null while no trial has completed (a diverged or failed one is never the best).</summary>
    public static string? Best(SweepSummary s, string rateFormat, string metricFormat)
    {
        if (s.BestLearningRate is not double eta) return null;
        var metric = s.BestMetric is double m ? $" ({s.Metric ?? "metric"} {m.ToString(metricFormat, CultureInfo.InvariantCulture)})" : "";
        return $"η {eta.ToString(rateFormat, CultureInfo.InvariantCulture)}{metric}";
    }

    /// <summary>
    /// "; best by arm: plain η 0.01 (trainLoss 0.0123), momentum none" for a sweep of several arms, read from its
    /// result; empty for one arm, whose best the line already shows.
    /// </summary>
    public static string ArmBests(SweepResult result)
    {
        var names = ResultSummary.ArmNames(result);
        if (names.Count < 2) return "";
        var metric = result.Spec.Search.Metric;
        var bests = names.Select((name, arm) => arm < result.BestByArm.Count && result.BestByArm[arm] is { } best
            ? $"{name} η {best.LearningRate.ToString("G4", CultureInfo.InvariantCulture)}" +
              (ResultSummary.MetricOf(best, metric) is double value ? $" ({ContractNames.Of(metric)} {value.ToString("G5", CultureInfo.InvariantCulture)})" : "")
            : $"{name} none");
        return "; best by arm: " + string.Join(", ", bests);
    }

    /// <summary>One of the Sweep result's warnings as a line of its own.</summary>
    public static string Warning(string warning) => "warning: " + warning;

    /// <summary>The status as docs/results.md writes it ("completed"); "unknown" for a sweep never submitted.</summary>
    public static string Phase(SweepPhase phase) => phase == SweepPhase.None ? "unknown" : phase.ToString().ToLowerInvariant();

    private static string Load(SiloLoad silo) => $"{silo.Address} {silo.Running}/{silo.Slots}{(silo.Queued > 0 ? $" +{silo.Queued} queued" : "")}";
}
