namespace SweepCluster.Client.Report;

/// <summary>One row of the stage table: what one stage of one arm's search covered and found.</summary>
/// <param name="NewTrials">Trials the stage itself ran (rates an earlier stage had run are not run again).</param>
public sealed record StageRow(
    int Arm, string ArmName, int Index, string Kind, IReadOnlyList<double> LearningRates, int NewTrials, double? BestLearningRate);
