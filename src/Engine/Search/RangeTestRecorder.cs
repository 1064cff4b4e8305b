using SweepCluster.Engine.Results;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Search;

/// <summary>
/// Sets the range test's ramped rate each step and records the curve with fastai's bias-corrected exponential smoothing
/// (avg = β·avg + (1−β)·loss, smoothed = avg/(1−β^(t+1))). Stops after the step whose smoothed loss exceeds
/// threshold × the lowest smoothed loss so far, or at a loss that is not finite (that step is not recorded).
/// </summary>
internal sealed class RangeTestRecorder(LrRangeTestSettings settings) : IStepHook
{
    private readonly List<LrFinderPoint> _curve = new(Math.Min(settings.Steps, 100_000));
    private double _average;
    private double _lowest = double.PositiveInfinity;

    public IReadOnlyList<LrFinderPoint> Curve => _curve;

    public long Steps => settings.Steps;

    public double Rate(long step) => settings.Rate(step);

    public bool OnStep(long step, double rate, double loss)
    {
        if (!double.IsFinite(loss)) return false;
        var beta = settings.Smoothing;
        _average = beta * _average + (1 - beta) * loss;
        var smoothed = _average / (1 - Math.Pow(beta, step + 1));
        _curve.Add(new LrFinderPoint(step, rate, loss, smoothed));
        _lowest = Math.Min(_lowest, smoothed);
        // fastai's smoothed > threshold × lowest, written so that a loss whose minimum is negative (a quadratic with a
        // linear term) is held to the same relative rise instead of stopping at once.
        return !(smoothed - _lowest > (settings.DivergenceThreshold - 1) * Math.Abs(_lowest)) && double.IsFinite(smoothed);
    }
}
