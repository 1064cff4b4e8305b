using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// How trials rank by a sweep's metric (docs/spec.md search.metric): validation accuracy is maximised, losses minimised;
/// a run without the validation figure (the quadratic, no validation rows) is ranked by its train loss, after every run
/// that has the metric itself; diverged, failed and cancelled runs, and runs with no finite figure, rank last. Ties go
/// to the smaller rate, then to the smaller arm, so the order never depends on the order of reports.
/// </summary>
public sealed class TrialRanking : IComparer<TrialOutcome>
{
    private readonly Metric _metric;

    public TrialRanking(Metric metric) => _metric = metric;

    /// <summary>The metric runs are ranked by.</summary>
    public Metric Metric => _metric;

    public static bool Maximizes(Metric metric) => metric == Metric.ValidationAccuracy;

    /// <summary>The figure an outcome is ranked by and whether it is the metric itself (false: the train-loss fallback).</summary>
    public static (double? Value, bool IsMetric) Figure(TrialOutcome outcome, Metric metric)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var value = metric switch
        {
            Metric.ValidationLoss => outcome.ValidationLoss,
            Metric.ValidationAccuracy => outcome.ValidationAccuracy,
            _ => outcome.TrainLoss,
        };
        return value is not null ? (value, true) : (outcome.TrainLoss, metric == Metric.TrainLoss);
    }

    /// <summary>The value of <paramref name="metric"/> at the end of an epoch, as ASHA compares it at a rung.</summary>
    public static double EpochValue(EpochPoint point, Metric metric)
    {
        ArgumentNullException.ThrowIfNull(point);
        return metric switch
        {
            Metric.ValidationLoss => point.ValidationLoss ?? point.TrainLoss,
            Metric.ValidationAccuracy => point.ValidationAccuracy ?? double.NaN,
            _ => point.TrainLoss,
        };
    }

    /// <summary>Whether the run ranks last whatever its figures: it diverged, failed, was cancelled or never finished.</summary>
    public static bool RanksLast(TrialStatus status) => status is not (TrialStatus.Completed or TrialStatus.Stopped);

    /// <summary>
    /// Whether the run may be named a best (of a sweep, an arm or a stage): it completed and has a finite figure to rank
    /// by. A diverged, failed, cancelled or stopped run never is, however it ranks.
    /// </summary>
    public bool CanBeBest(TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status == TrialStatus.Completed && Score(outcome).Tier < 2;
    }

    /// <summary>Negative when <paramref name="x"/> ranks before (is better than) <paramref name="y"/>.</summary>
    public int Compare(TrialOutcome? x, TrialOutcome? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return 1;
        if (y is null) return -1;
        var (xTier, xValue) = Score(x);
        var (yTier, yValue) = Score(y);
        if (xTier != yTier) return xTier.CompareTo(yTier);
        if (xTier < 2 && xValue != yValue) return xValue.CompareTo(yValue);
        if (x.LearningRate != y.LearningRate) return x.LearningRate.CompareTo(y.LearningRate);
        if (x.Arm != y.Arm) return x.Arm.CompareTo(y.Arm);
        return string.CompareOrdinal(x.Key, y.Key);
    }

    /// <summary>The better of two outcomes (either may be null).</summary>
    public TrialOutcome? Better(TrialOutcome? x, TrialOutcome? y) => Compare(x, y) <= 0 ? x : y;

    /// <summary>Tier 0: ranked by the metric; 1: by the train-loss fallback; 2: last. The value is lower-is-better.</summary>
    private (int Tier, double Value) Score(TrialOutcome outcome)
    {
        if (RanksLast(outcome.Status)) return (2, 0);
        var (value, isMetric) = Figure(outcome, _metric);
        if (value is not double v || !double.IsFinite(v)) return (2, 0);
        return isMetric ? (0, Maximizes(_metric) ? -v : v) : (1, v);
    }
}
