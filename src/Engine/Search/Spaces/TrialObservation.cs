using System.Globalization;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// A configuration proposed earlier and what became of it. <see cref="Value"/> is minimised (a caller that maximises
/// accuracy passes its negative).
/// </summary>
public sealed record TrialObservation
{
    private TrialObservation(SearchPoint point, ObservationStatus status, double value, int step)
    {
        Point = point ?? throw new ArgumentNullException(nameof(point));
        (Status, Value, Step) = (status, value, step);
    }

    public SearchPoint Point { get; }

    public ObservationStatus Status { get; }

    /// <summary>The final value (completed) or the last reported one (pruned); NaN otherwise.</summary>
    public double Value { get; }

    /// <summary>The last step (epoch) a pruned trial reported; 0 otherwise.</summary>
    public int Step { get; }

    /// <summary>True when the trial ran to an end the samplers count (completed, pruned, diverged).</summary>
    public bool IsFinished => Status is ObservationStatus.Completed or ObservationStatus.Pruned or ObservationStatus.Diverged;

    public static TrialObservation Completed(SearchPoint point, double value) => new(point, ObservationStatus.Completed, Finite(value), 0);

    /// <summary>A pruned trial's value may be NaN (ranked last among the pruned at its step, as Optuna does).</summary>
    public static TrialObservation Pruned(SearchPoint point, int step, double value) => new(point, ObservationStatus.Pruned, value, step);

    public static TrialObservation Diverged(SearchPoint point) => new(point, ObservationStatus.Diverged, double.NaN, 0);

    public static TrialObservation Failed(SearchPoint point) => new(point, ObservationStatus.Failed, double.NaN, 0);

    public static TrialObservation InFlight(SearchPoint point) => new(point, ObservationStatus.InFlight, double.NaN, 0);

    private static double Finite(double value) => double.IsFinite(value)
        ? value
        : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A completed trial's value must be finite, not {value}: report it as diverged."), nameof(value));
}
