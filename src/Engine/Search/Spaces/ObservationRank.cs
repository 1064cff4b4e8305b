namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// Where an observation ranks for TPE's split, best first (Optuna's <c>_split_observation_pairs</c>): completed ones by
/// value; then pruned ones, deeper steps first, by value (NaN last); then diverged and in-flight ones as the worst;
/// ties in proposal order. Failed observations have no rank.
/// </summary>
internal readonly record struct ObservationRank(double Step, double Value, int Index) : IComparable<ObservationRank>
{
    public static ObservationRank? Of(TrialObservation observation, int index) => observation.Status switch
    {
        ObservationStatus.Completed => new(double.NegativeInfinity, observation.Value, index),
        ObservationStatus.Pruned => new(-observation.Step, double.IsNaN(observation.Value) ? double.PositiveInfinity : observation.Value, index),
        ObservationStatus.Diverged or ObservationStatus.InFlight => new(double.PositiveInfinity, double.PositiveInfinity, index),
        _ => null,
    };

    public int CompareTo(ObservationRank other) =>
        Step != other.Step ? Step.CompareTo(other.Step) : Value != other.Value ? Value.CompareTo(other.Value) : Index.CompareTo(other.Index);
}
