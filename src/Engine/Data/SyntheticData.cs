using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Data;

/// <summary>
/// Seeded generated data, the same on every machine for the same spec (<see cref="SeededRandom"/>, stream
/// <see cref="Stream"/>). The draws come in a fixed order: first the true weights w (features standard normals), then row
/// by row the row's features x (standard normals) and one noise draw ε. Features are stored as float and the target is
/// computed from those stored floats, so with noise 0 the true w fits the stored data exactly.
/// <list type="bullet">
/// <item><c>linear-regression</c>: y = x·w + noise·ε (regression targets).</item>
/// <item><c>logistic</c>: label = 1 if x·w + noise·ε &gt; 0, else 0 (two classes): a linear boundary blurred by noise.</item>
/// </list>
/// </summary>
public static class SyntheticData
{
    /// <summary>"SYNTH" in ASCII: keeps these draws apart from other users of the same seed (splits, init, batches).</summary>
    public const ulong Stream = 0x53594E5448;

    public static Dataset Generate(SyntheticDataSpec spec)
    {
        Check(spec);
        var random = new SeededRandom(spec.Seed, Stream);
        double[] w = Draw(random, spec.Features);
        var x = new float[spec.Samples * spec.Features];
        var y = new double[spec.Samples];
        for (int row = 0; row < spec.Samples; row++)
        {
            var features = x.AsSpan(row * spec.Features, spec.Features);
            double dot = 0;
            for (int j = 0; j < features.Length; j++)
            {
                features[j] = (float)random.NextGaussian();
                dot += features[j] * w[j];
            }
            y[row] = dot + spec.Noise * random.NextGaussian();
        }
        string name = spec.Task == SyntheticTask.Logistic ? "synthetic-logistic" : "synthetic-linear-regression";
        return spec.Task == SyntheticTask.Logistic
            ? new Dataset(name, spec.Samples, spec.Features, x, y.Select(v => v > 0 ? 1 : 0).ToArray(), null, 2)
            : new Dataset(name, spec.Samples, spec.Features, x, null, y.Select(v => (float)v).ToArray(), 0);
    }

    /// <summary>The w the data was generated from, for checking that a model recovers it.</summary>
    public static double[] TrueWeights(SyntheticDataSpec spec)
    {
        Check(spec);
        return Draw(new SeededRandom(spec.Seed, Stream), spec.Features);
    }

    private static double[] Draw(SeededRandom random, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = random.NextGaussian();
        return values;
    }

    // The spec parser checks these ranges for users; this guards direct callers, with the same field names.
    private static void Check(SyntheticDataSpec spec)
    {
        if (spec.Samples < 1) throw new InputException($"data.samples is {spec.Samples}; it must be at least 1.");
        if (spec.Features < 1) throw new InputException($"data.features is {spec.Features}; it must be at least 1.");
        if (!double.IsFinite(spec.Noise) || spec.Noise < 0)
            throw new InputException($"data.noise is {spec.Noise}; it must be a finite number ≥ 0.");
        if (SpecLimits.DatasetBytes(spec.Samples, spec.Features) > SpecLimits.MaxDatasetBytes)
            throw new InputException(
                $"data.samples × data.features is {spec.Samples:N0} × {spec.Features:N0}: {SpecLimits.DatasetBytes(spec.Samples, spec.Features) >> 20:N0} MB in memory, more than the {SpecLimits.MaxDatasetBytes >> 20:N0} MB a data set may take.");
    }
}
