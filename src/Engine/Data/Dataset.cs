namespace SweepCluster.Engine.Data;

/// <summary>
/// A read-only table of examples, loaded once per process and shared by every run (never mutated after construction).
/// Features are float32, row-major; classification data has <see cref="Labels"/>, regression data <see cref="Targets"/>.
/// </summary>
public sealed class Dataset
{
    public Dataset(string name, int rows, int features, float[] x, int[]? labels, float[]? targets, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(features);
        if (x.Length != rows * features)
            throw new ArgumentException($"x has {x.Length} values, expected {rows}×{features}.", nameof(x));
        if ((labels is null) == (targets is null))
            throw new ArgumentException("Exactly one of labels or targets must be given.");
        if (labels is not null && labels.Length != rows) throw new ArgumentException("labels length != rows", nameof(labels));
        if (targets is not null && targets.Length != rows) throw new ArgumentException("targets length != rows", nameof(targets));
        Name = name;
        Rows = rows;
        Features = features;
        X = x;
        Labels = labels;
        Targets = targets;
        Classes = classes;
    }

    /// <summary>A data set with no rows, for the quadratic model.</summary>
    public static Dataset EmptyRegression { get; } = new("none", 0, 0, [], null, [], 0);

    public string Name { get; }
    public int Rows { get; }
    public int Features { get; }

    /// <summary>Rows × Features values, row-major.</summary>
    public float[] X { get; }

    /// <summary>Class index per row (0..Classes−1), or null for regression.</summary>
    public int[]? Labels { get; }

    /// <summary>Real-valued target per row, or null for classification.</summary>
    public float[]? Targets { get; }

    /// <summary>Number of classes (2 for binary); 0 for regression.</summary>
    public int Classes { get; }

    public ReadOnlySpan<float> Row(int row) => X.AsSpan(row * Features, Features);

    /// <summary>
    /// The label of a row as a float target: the class index for classification (0/1 for binary), the target for regression.
    /// </summary>
    public float Target(int row) => Targets is { } t ? t[row] : Labels![row];
}
