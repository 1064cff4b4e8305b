namespace SweepCluster.Engine.Data;

/// <summary>
/// The rows one run trains and validates on. Row indices point into shared <see cref="Dataset"/>s, so a split costs
/// two int arrays, not a copy of the data. Validation may come from a second data set (IDX test files).
/// </summary>
public sealed record DataSplit(Dataset Train, int[] TrainRows, Dataset Validation, int[] ValidationRows)
{
    /// <summary>A split for models without data (the quadratic).</summary>
    public static DataSplit Empty { get; } = new(Dataset.EmptyRegression, [], Dataset.EmptyRegression, []);
}
