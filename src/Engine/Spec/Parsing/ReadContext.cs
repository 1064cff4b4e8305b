namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>What one read of a spec carries besides the JSON: where relative paths start, and the problems so far.</summary>
internal sealed class ReadContext(string? baseDirectory, string defaultName, double? learningRateOverride, string? dataRoot = null)
{
    public Problems Problems { get; } = new();

    /// <summary>The spec file's directory, tried before the current directory for relative data paths.</summary>
    public string? BaseDirectory { get; } = baseDirectory;

    /// <summary>The real path data files must lie under (a silo's <c>--data-root</c>); null: anywhere.</summary>
    public string? DataRoot { get; } = dataRoot;

    public string DefaultName { get; } = defaultName;

    public double? LearningRateOverride { get; } = learningRateOverride;

    /// <summary>
    /// True while a copy of the spec is read to try one value of a searched parameter: the copy's own parameters are
    /// then read but their values are not tried again.
    /// </summary>
    public bool Probing { get; init; }

    /// <summary>
    /// The metric used when a spec names none. Without data (the quadratic model) there is no validation set, so
    /// the only loss there is to rank by is the training loss.
    /// </summary>
    public Metric DefaultMetric { get; set; } = Metric.ValidationLoss;

    /// <summary>Whether the spec trains a user's program (<c>"trainer": {"kind": "command"}</c>): then it has no data or model.</summary>
    public bool CommandTrainer { get; set; }
}
