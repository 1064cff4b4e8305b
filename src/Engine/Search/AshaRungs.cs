using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// Asynchronous successive halving (Li et al., ASHA) for one arm: rungs at minEpochs·r^k completed epochs (rounded,
/// halves up) below the arm's epochs, one set of records per stage and rung. A trial reaching a rung records its score
/// there and continues iff the score is among the best max(1, ⌊n/r⌋) of the n recorded at that rung so far, itself
/// included (as Optuna's SuccessiveHalvingPruner), so the first trial at a rung always continues. A trial that reports
/// at a rung again (a restart) replaces its earlier value instead of counting twice.
/// </summary>
internal sealed class AshaRungs : IRungRule
{
    private readonly double _reductionFactor;
    private readonly int[] _epochs;
    private readonly Dictionary<(int Stage, int Epoch), Rung> _rungs = [];

    public AshaRungs(AshaSpec spec, int epochs)
    {
        _reductionFactor = spec.ReductionFactor;
        var rungs = new List<int>();
        for (var k = 0; ; k++)
        {
            var epoch = (int)Math.Min(int.MaxValue, Math.Round(spec.MinEpochs * Math.Pow(spec.ReductionFactor, k), MidpointRounding.AwayFromZero));
            if (epoch >= epochs) break;
            if (rungs.Count == 0 || epoch > rungs[^1]) rungs.Add(epoch);
        }
        _epochs = [.. rungs];
    }

    /// <summary>The completed-epoch counts at which trials are judged.</summary>
    public IReadOnlyList<int> Epochs => _epochs;

    public bool IsRung(int epoch) => Array.BinarySearch(_epochs, epoch) >= 0;

    /// <summary>Records <paramref name="score"/> (lower is better; not finite is worst) and says whether the trial goes on.</summary>
    public bool Continue(string key, int stage, int epoch, double score)
    {
        if (!IsRung(epoch)) return true;
        if (!double.IsFinite(score)) score = double.PositiveInfinity;
        if (!_rungs.TryGetValue((stage, epoch), out var rung)) _rungs[(stage, epoch)] = rung = new Rung();
        rung.Record(key, score);
        var kept = Math.Max(1, (int)Math.Floor(rung.Count / _reductionFactor));
        return double.IsFinite(score) && score <= rung.Sorted[kept - 1];
    }

    /// <summary>One rung's scores: by trial, and sorted ascending for the cut-off.</summary>
    private sealed class Rung
    {
        private readonly Dictionary<string, double> _byKey = [];
        private readonly List<double> _sorted = [];

        public int Count => _sorted.Count;

        public IReadOnlyList<double> Sorted => _sorted;

        public void Record(string key, double score)
        {
            if (_byKey.TryGetValue(key, out var old)) _sorted.RemoveAt(_sorted.BinarySearch(old));
            _byKey[key] = score;
            var at = _sorted.BinarySearch(score);
            _sorted.Insert(at < 0 ? ~at : at, score);
        }
    }
}
