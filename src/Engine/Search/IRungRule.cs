using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// An early-stopping rule judged at epoch rungs (<see cref="AshaRungs"/>, <see cref="MedianRungs"/>): trials ask at each
/// rung, their values are recorded (and logged), and the answer depends only on the values recorded so far.
/// </summary>
internal interface IRungRule
{
    /// <summary>The completed-epoch counts at which trials are judged, ascending.</summary>
    IReadOnlyList<int> Epochs { get; }

    /// <summary>Records <paramref name="score"/> (lower is better; not finite is worst) and says whether the trial goes on.</summary>
    bool Continue(string key, int stage, int epoch, double score);
}

/// <summary>The rung rule a search's early stopping asks for.</summary>
internal static class RungRules
{
    /// <summary>The rule for an arm training <paramref name="epochs"/> epochs; null without early stopping.</summary>
    public static IRungRule? For(SearchSpec search, int epochs) => search.EarlyStoppingRule switch
    {
        AshaSpec asha => new AshaRungs(asha, epochs),
        MedianStoppingSpec median => new MedianRungs(median, epochs),
        _ => null,
    };
}
