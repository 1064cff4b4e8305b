using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// An LR range test's ramp, smoothing and stopping rule (the lr-finder fields of docs/spec.md search). The rate of step
/// t is min·(max/min)^(t/(steps−1)) (exponential) or min + (max−min)·t/(steps−1) (linear), so the last step runs at max.
/// </summary>
public sealed record LrRangeTestSettings(
    double Min = 1e-7,
    double Max = 10,
    int Steps = 100,
    RampMode Mode = RampMode.Exponential,
    double Smoothing = 0.98,
    double DivergenceThreshold = 4)
{
    /// <summary>The range-test fields of an lr-finder or lr-finder-then-grid search; null for other kinds.</summary>
    public static LrRangeTestSettings? From(SearchSpec search) => search switch
    {
        LrFinderSearchSpec s => new(s.Min, s.Max, s.Steps, s.Mode, s.Smoothing, s.DivergenceThreshold),
        LrFinderThenGridSearchSpec s => new(s.Min, s.Max, s.Steps, s.Mode, s.Smoothing, s.DivergenceThreshold),
        _ => null,
    };

    public double Rate(long step)
    {
        var fraction = Steps <= 1 ? 0.0 : (double)step / (Steps - 1);
        return Mode == RampMode.Exponential ? Min * Math.Pow(Max / Min, fraction) : Min + (Max - Min) * fraction;
    }
}
