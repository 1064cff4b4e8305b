namespace SweepCluster.Grains.Results;

/// <summary>
/// What a finished trial keeps in its grain state: its Trial JSON and, once its history went to the results store,
/// where it lies (the JSON then holds only the history's last epoch, which a status shows).
/// </summary>
public sealed record StoredTrial(string Json, HistoryLocation? History);
