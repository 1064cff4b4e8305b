using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Spec;

/// <summary>The training loop's settings (docs/spec.md training).</summary>
/// <param name="BatchSize">Rows per step; null means the full training set ("full" in JSON).</param>
/// <param name="HistoryEvery">Record every k-th step; null means so that at most 1,000 step points are kept.</param>
public sealed record TrainingSpec(
    int Epochs = 1,
    // Never ignored: null is full-batch, written "full", not "left out" (which would read back as 64).
    [property: JsonConverter(typeof(BatchSizeJsonConverter)), JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? BatchSize = 64,
    int Seed = 0,
    long? MaxSteps = null,
    int? HistoryEvery = null,
    double DivergenceFactor = 10);
