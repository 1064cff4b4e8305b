namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// The settings of <see cref="TpeSampler"/>, defaulting to Optuna 3.1's <c>TPESampler</c> defaults. <see cref="Gamma"/>
/// and <see cref="Weights"/> are Optuna's <c>default_gamma</c> and <c>default_weights</c>.
/// </summary>
public sealed record TpeSettings
{
    /// <summary>Random proposals until this many trials finished.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from l(x) and scored by log l(x) − log g(x).</summary>
    public int Candidates { get; init; } = 24;

    /// <summary>Whether each estimator gets the prior component (centre of the range, width the range; uniform over categories).</summary>
    public bool ConsiderPrior { get; init; } = true;

    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Keep kernel widths at least range / min(100, components + 1).</summary>
    public bool ConsiderMagicClip { get; init; } = true;

    /// <summary>
    /// Optuna before 3.5 left the −log σ term out of the truncated Gaussian's log-density (optuna/optuna#5109, fixed by
    /// #5110). On (the default), the densities are Optuna 3.1's own, the sampler this one is measured against, which
    /// scored no worse than the normalised densities across the benchmark's objectives; off, they are normalised.
    /// </summary>
    internal bool OmitKernelScale { get; init; } = true;

    /// <summary>
    /// Above this many finished observations, g(x) is built from a subsample of the "bad" ones (see
    /// <see cref="BadSample"/>); at or below it, proposals are exactly Optuna's.
    /// </summary>
    internal int ExactUpTo { get; init; } = 4096;

    /// <summary>How many components represent the "bad" observations above <see cref="ExactUpTo"/>.</summary>
    internal int BadSample { get; init; } = 512;

    public static TpeSettings Default { get; } = new();

    internal void Check()
    {
        if (StartupTrials < 0) throw new ArgumentOutOfRangeException(nameof(StartupTrials), StartupTrials, "Must be >= 0.");
        if (Candidates < 1) throw new ArgumentOutOfRangeException(nameof(Candidates), Candidates, "Must be >= 1.");
        if (!(PriorWeight > 0) || !double.IsFinite(PriorWeight))
            throw new ArgumentOutOfRangeException(nameof(PriorWeight), PriorWeight, "Must be a positive number.");
        if (BadSample < 1) throw new ArgumentOutOfRangeException(nameof(BadSample), BadSample, "Must be >= 1.");
    }

    /// <summary>How many of <paramref name="finished"/> trials form the "good" density l(x): ⌈0.1 n⌉, at most 25.</summary>
    public static int Gamma(int finished) => Math.Min((int)Math.Ceiling(0.1 * finished), 25);

    /// <summary>
    /// The observations' weights, oldest first: 1 each below 25; from 25 on, the newest 25 weigh 1 and the older
    /// n − 25 ramp linearly from 1/n to 1 (numpy's <c>linspace</c>, whose last point is exactly the end).
    /// </summary>
    public static void Weights(int count, Span<double> destination)
    {
        if (destination.Length != count) throw new ArgumentException("One weight per observation.", nameof(destination));
        destination.Fill(1.0);
        if (count < 25) return;
        int ramp = count - 25;
        double start = 1.0 / count;
        if (ramp == 1) destination[0] = start;
        else if (ramp > 1)
        {
            double step = (1.0 - start) / (ramp - 1);
            for (int i = 0; i < ramp - 1; i++) destination[i] = i * step + start;
            destination[ramp - 1] = 1.0;
        }
    }
}
