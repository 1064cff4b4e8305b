using System.Buffers;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// TPE's split of a long history in one pass over it and memory that does not grow with it: the best few ("good")
/// exactly as <see cref="TpeSampler.Split"/> picks them, and the rest ("bad") represented by at most a given number of
/// them. Fed every observation in proposal order, then asked once.
/// </summary>
/// <remarks>
/// The bad observations, in proposal order, are cut into runs of (nearly) equal length; each run is represented by
/// its newest observation, weighted by the sum of the run's weights (<see cref="TpeSettings.Weights"/>), so every run
/// keeps its share of g(x) and the prior keeps its own. This approximates g(x) by a density of a thinned history.
/// Optuna's weights already ramp old observations down, so g(x) is a smoothed, recency-weighted picture of where the
/// bad trials were; an evenly spaced subsample of hundreds of them draws much the same picture. Deterministic: it
/// depends on the observations in order alone.
/// </remarks>
internal sealed class BoundedSplit : IDisposable
{
    /// <summary>The most observations l(x) ever models (<see cref="TpeSettings.Gamma"/>'s cap).</summary>
    private const int MaxGood = 25;

    // The best MaxGood so far, by a heap whose root is the worst kept.
    private readonly PriorityQueue<int, ObservationRank> _kept = new(MaxGood + 1, Comparer<ObservationRank>.Create((x, y) => y.CompareTo(x)));
    private readonly bool[] _ranked;
    private ObservationRank _worst;
    private int _count, _rankedCount;

    public BoundedSplit(int capacity) => _ranked = ArrayPool<bool>.Shared.Rent(capacity);

    /// <summary>The next observation in proposal order.</summary>
    public void Add(TrialObservation observation)
    {
        int index = _count++;
        var status = observation.Status;
        if (status == ObservationStatus.Failed)
        {
            _ranked[index] = false;
            return;
        }
        _ranked[index] = true;
        _rankedCount++;
        if (_kept.Count == MaxGood && !MayBeatWorst(status, observation.Value)) return;
        if (ObservationRank.Of(observation, index) is not { } rank) return;
        if (_kept.Count < MaxGood)
        {
            _kept.Enqueue(index, rank);
            if (_kept.Count == MaxGood) _kept.TryPeek(out _, out _worst);
        }
        else if (rank.CompareTo(_worst) < 0)
        {
            _kept.DequeueEnqueue(index, rank);
            _kept.TryPeek(out _, out _worst);
        }
    }

    /// <summary>
    /// False when a later observation cannot rank above the worst kept (ties go to the earlier): a completed one whose
    /// value is no better than a completed worst, or a diverged or in-flight one. The rest are compared in full.
    /// </summary>
    private bool MayBeatWorst(ObservationStatus status, double value) => status switch
    {
        ObservationStatus.Completed => !(double.IsNegativeInfinity(_worst.Step) && value >= _worst.Value),
        ObservationStatus.Diverged or ObservationStatus.InFlight => false,
        _ => true,
    };

    /// <summary>
    /// The best <paramref name="goodCount"/> (at most 25) in proposal order, and the rest as at most
    /// <paramref name="badSample"/> representatives in proposal order with their weights.
    /// </summary>
    public (int[] Good, int[] Bad, double[] BadWeights) Split(int goodCount, int badSample)
    {
        if (goodCount > MaxGood) throw new ArgumentOutOfRangeException(nameof(goodCount), goodCount, $"At most {MaxGood}.");
        var best = new int[_kept.Count];
        for (int k = best.Length - 1; k >= 0; k--) best[k] = _kept.Dequeue();
        var good = best[..Math.Min(goodCount, best.Length)];
        Array.Sort(good);

        int badCount = _rankedCount - good.Length;
        int runs = Math.Min(badSample, badCount);
        var bad = new int[runs];
        var badWeights = new double[runs];
        if (runs == 0) return (good, bad, badWeights);
        // TpeSettings.Weights(badCount) one at a time: 1/n, then linearly up to 1 for all but the newest 25, which weigh 1.
        int ramp = badCount - 25;
        double start = 1.0 / badCount, step = ramp > 1 ? (1.0 - start) / (ramp - 1) : 0;
        // Run r holds positions [⌈r·bad/runs⌉, ⌈(r + 1)·bad/runs⌉): position p falls in run ⌊p·runs/bad⌋.
        int position = 0, nextGood = 0, run = 0;
        long nextRun = RunStart(1, runs, badCount);
        double sum = 0; // the current run's weight, kept in a register rather than summed in the array
        for (int i = 0; i < _count; i++)
        {
            if (nextGood < good.Length && good[nextGood] == i) { nextGood++; continue; }
            if (!_ranked[i]) continue;
            if (position >= nextRun)
            {
                badWeights[run] = sum;
                sum = 0;
                nextRun = RunStart(++run + 1, runs, badCount);
            }
            bad[run] = i;
            sum += position < ramp - 1 ? position * step + start : ramp == 1 && position == 0 ? start : 1.0;
            position++;
        }
        badWeights[run] = sum;
        return (good, bad, badWeights);
    }

    public void Dispose() => ArrayPool<bool>.Shared.Return(_ranked);

    private static long RunStart(int run, int runs, int badCount) => ((long)run * badCount + runs - 1) / runs;
}
