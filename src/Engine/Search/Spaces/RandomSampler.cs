using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// Each dimension drawn independently and uniformly, as Optuna's <c>RandomSampler</c> (optuna/samplers/_random.py and
/// optuna/_transform.py) does: uniform on [min, max) or on its logarithm with <c>log</c>; integers uniform on
/// [min − ½, max + ½) (its logarithm with <c>log</c>), then rounded half to even and clipped; categories uniform.
/// Seeded per trial (<see cref="ProposalRandom"/>), so proposal k is the same whatever the observations.
/// </summary>
public sealed class RandomSampler : ISearchSampler
{
    private readonly ModelDimension[] _model;
    private readonly int _seed;

    public RandomSampler(SearchSpace space, int seed)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        _model = space.Dimensions.Select(d => new ModelDimension(d)).ToArray();
        _seed = seed;
    }

    public SearchSpace Space { get; }

    public SearchPoint Propose(int trialIndex, IReadOnlyList<TrialObservation> observations)
    {
        var coordinates = new double[_model.Length];
        Sample(_model, ProposalRandom.For(_seed, trialIndex), coordinates);
        return new SearchPoint(coordinates, take: true);
    }

    /// <summary>One uniform draw per dimension, in dimension order, into <paramref name="destination"/>.</summary>
    internal static void Sample(ReadOnlySpan<ModelDimension> model, SeededRandom random, Span<double> destination)
    {
        if (destination.Length != model.Length) throw new ArgumentException("One coordinate per dimension.", nameof(destination));
        for (int i = 0; i < model.Length; i++)
        {
            var m = model[i];
            switch (m.Dimension)
            {
                case CategoricalDimension c:
                    destination[i] = random.Next(c.Count);
                    break;
                case FloatDimension f:
                    double u = m.Low + (m.High - m.Low) * random.NextDouble();
                    double value = f.Log ? Math.Exp(u) : u;
                    // [min, max): Optuna keeps the draw below max, and exp may round up past it.
                    destination[i] = f.IsSingle ? f.Min : Math.Clamp(value, f.Min, Math.BitDecrement(f.Max));
                    break;
                default:
                    destination[i] = m.FromModel(m.Low + (m.High - m.Low) * random.NextDouble());
                    break;
            }
        }
    }
}
