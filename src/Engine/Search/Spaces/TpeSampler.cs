using System.Runtime.InteropServices;
using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// The Tree-structured Parzen Estimator: Bergstra, Bardenet, Bengio and Kégl, "Algorithms for Hyper-Parameter
/// Optimization", NeurIPS 2011, as Optuna 3.1's <c>TPESampler(multivariate=True, constant_liar=True)</c> with its
/// defaults does it (optuna/samplers/_tpe/sampler.py, <c>_sample_relative</c>; parzen_estimator.py).
/// </summary>
/// <remarks>
/// <para>Until <see cref="TpeSettings.StartupTrials"/> trials finished, proposals are <see cref="RandomSampler"/>'s.
/// Then the observations are ranked (completed by value; then pruned, deeper steps first, by value; then diverged and
/// in-flight ones as the worst), the best <see cref="TpeSettings.Gamma"/>(finished) form l(x) and the rest g(x), each
/// a <see cref="ParzenEstimator"/> over the free dimensions with observations in proposal order. The proposal is the
/// one of <see cref="TpeSettings.Candidates"/> draws from l that maximises log l(x) − log g(x).</para>
/// <para>Above <see cref="TpeSettings.ExactUpTo"/> finished trials, g(x) is built from an evenly spaced, reweighted
/// subsample of the rest (<see cref="BoundedSplit"/>), so a proposal's cost stops growing with the history.</para>
/// <para>Statuses: in-flight trials count as observations with the worst value ("constant liar"), so slots proposing
/// in parallel move away from each other; diverged trials likewise, and count as finished; failed trials are left out
/// (Optuna drops failed trials). Dimensions with one allowed value take it and are not modelled (Optuna leaves
/// single-valued distributions out of the relative search space).</para>
/// <para>Kernel log-densities are Optuna 3.1's, without the −log σ that Optuna 3.5 added (optuna/optuna#5110);
/// <see cref="TpeSettings.OmitKernelScale"/> off gives the normalised ones.</para>
/// <para>Pure: proposal k depends on the seed, k and the observations in order alone.</para>
/// </remarks>
public sealed class TpeSampler : ISearchSampler
{
    private readonly ModelDimension[] _all;
    private readonly int[] _free;
    private readonly ModelDimension[] _freeModel;
    private readonly int _seed;
    private readonly SpaceBounds _bounds;

    public TpeSampler(SearchSpace space, int seed, TpeSettings? settings = null)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        Settings = settings ?? TpeSettings.Default;
        Settings.Check();
        _seed = seed;
        _all = space.Dimensions.Select(d => new ModelDimension(d)).ToArray();
        _free = Enumerable.Range(0, _all.Length).Where(i => !space.Dimensions[i].IsSingle).ToArray();
        _freeModel = _free.Select(i => _all[i]).ToArray();
        _bounds = new SpaceBounds(space);
    }

    public SearchSpace Space { get; }

    public TpeSettings Settings { get; }

    public SearchPoint Propose(int trialIndex, IReadOnlyList<TrialObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var random = ProposalRandom.For(_seed, trialIndex);
        var coordinates = new double[_all.Length];
        // Long histories are split in this one pass over the observations.
        using var bounded = observations.Count > Settings.ExactUpTo ? new BoundedSplit(observations.Count) : null;
        int finished = 0;
        var history = Span(observations);
        for (int i = 0; i < history.Length; i++)
        {
            var observation = history[i];
            if (!_bounds.Contains(observation.Point, i))
                throw new ArgumentException($"Observation {i}'s point {observation.Point} is not in the search space.", nameof(observations));
            if (observation.IsFinished) finished++;
            bounded?.Add(observation);
        }
        if (finished < Settings.StartupTrials || _free.Length == 0)
        {
            RandomSampler.Sample(_all, random, coordinates);
            return new SearchPoint(coordinates, take: true);
        }

        ParzenEstimator good, bad;
        if (finished <= Settings.ExactUpTo)
        {
            var (below, above) = Split(observations, TpeSettings.Gamma(finished));
            good = Estimator(observations, below);
            bad = Estimator(observations, above);
        }
        else
        {
            var (below, sample, weights) = bounded!.Split(TpeSettings.Gamma(finished), Settings.BadSample);
            good = Estimator(observations, below);
            bad = Estimator(observations, sample, weights);
        }
        return Best(good, bad, random, coordinates);
    }

    /// <summary>The observations without an interface call each (lists and arrays, as callers pass them; others copied).</summary>
    private static ReadOnlySpan<TrialObservation> Span(IReadOnlyList<TrialObservation> observations) => observations switch
    {
        TrialObservation[] array => array,
        List<TrialObservation> list => CollectionsMarshal.AsSpan(list),
        _ => observations.ToArray(),
    };

    /// <summary>The candidate drawn from l(x) with the largest log l(x) − log g(x), with the single-valued dimensions' values.</summary>
    private SearchPoint Best(ParzenEstimator good, ParzenEstimator bad, SeededRandom random, double[] coordinates)
    {
        int d = _free.Length, count = Settings.Candidates;
        var candidates = new double[count * d];
        good.Sample(random, count, new int[count], candidates);
        var scratch = new double[Math.Max(good.Components, bad.Components)];
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < count; c++)
        {
            var candidate = candidates.AsSpan(c * d, d);
            double score = good.LogPdf(candidate, scratch) - bad.LogPdf(candidate, scratch);
            if (score > bestScore) (best, bestScore) = (c, score);
        }

        for (int i = 0; i < _all.Length; i++) coordinates[i] = Single(_all[i].Dimension);
        for (int j = 0; j < d; j++) coordinates[_free[j]] = candidates[best * d + j];
        return new SearchPoint(coordinates, take: true);
    }

    /// <summary>
    /// Indices of the best <paramref name="goodCount"/> observations and of the rest, each in proposal order
    /// (Optuna's <c>_split_observation_pairs</c>: a stable sort by (step key, value)). Failed ones are in neither.
    /// </summary>
    internal static (int[] Below, int[] Above) Split(IReadOnlyList<TrialObservation> observations, int goodCount)
    {
        var ranked = new List<ObservationRank>(observations.Count);
        for (int i = 0; i < observations.Count; i++)
            if (ObservationRank.Of(observations[i], i) is { } rank) ranked.Add(rank);
        ranked.Sort();
        int below = Math.Min(goodCount, ranked.Count);
        var belowIndices = ranked.Take(below).Select(r => r.Index).Order().ToArray();
        var aboveIndices = ranked.Skip(below).Select(r => r.Index).Order().ToArray();
        return (belowIndices, aboveIndices);
    }

    private ParzenEstimator Estimator(IReadOnlyList<TrialObservation> observations, int[] indices, double[]? weights = null)
    {
        var columns = new double[_free.Length][];
        for (int j = 0; j < _free.Length; j++)
        {
            var column = columns[j] = new double[indices.Length];
            var model = _freeModel[j];
            int dimension = _free[j];
            for (int k = 0; k < indices.Length; k++) column[k] = model.ToModel(observations[indices[k]].Point[dimension]);
        }
        return new ParzenEstimator(_freeModel, columns, indices.Length, Settings, weights);
    }

    private static double Single(SearchDimension dimension) => dimension switch
    {
        FloatDimension f => f.Min,
        IntegerDimension i => i.Min,
        _ => 0,
    };
}
