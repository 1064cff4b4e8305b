using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// Median stopping, as Optuna's <c>MedianPruner</c> (optuna/pruners/_percentile.py with percentile 50) on epochs: at
/// every completed-epoch count past warmupEpochs and before the last epoch (a trial that finished its last epoch has
/// nothing left to save), a trial whose value is worse than the median of the other trials' values recorded at that
/// epoch stops, once at least minTrials others have one there. The median interpolates between the middle two, as
/// numpy's percentile does; a value that is not finite is the worst. The others are every trial of the stage that
/// reached the epoch, running or not, so the answer depends only on the values recorded before it, as ASHA's does.
/// </summary>
internal sealed class MedianRungs : IRungRule
{
    private readonly int _minTrials;
    private readonly int[] _epochs;
    private readonly Dictionary<(int Stage, int Epoch), Dictionary<string, double>> _values = [];

    public MedianRungs(MedianStoppingSpec spec, int epochs)
    {
        _minTrials = Math.Max(1, spec.MinTrials);
        _epochs = [.. Enumerable.Range(spec.WarmupEpochs + 1, Math.Max(0, epochs - spec.WarmupEpochs - 1))];
    }

    public IReadOnlyList<int> Epochs => _epochs;

    public bool Continue(string key, int stage, int epoch, double score)
    {
        if (Array.BinarySearch(_epochs, epoch) < 0) return true;
        if (!double.IsFinite(score)) score = double.PositiveInfinity;
        if (!_values.TryGetValue((stage, epoch), out var values)) _values[(stage, epoch)] = values = [];
        values[key] = score;
        if (values.Count - 1 < _minTrials) return true;
        var others = values.Where(v => v.Key != key).Select(v => v.Value).Order().ToArray();
        return double.IsFinite(score) && score <= Median(others);
    }

    /// <summary>The median of ascending values, the mean of the middle two for an even count.</summary>
    internal static double Median(double[] sorted)
    {
        var mid = sorted.Length / 2;
        if (sorted.Length % 2 == 1) return sorted[mid];
        var (low, high) = (sorted[mid - 1], sorted[mid]);
        return double.IsPositiveInfinity(high) ? high : low + (high - low) / 2;
    }
}
