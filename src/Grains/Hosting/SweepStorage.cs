namespace SweepCluster.Grains.Hosting;

/// <summary>The grain storage provider every Sweep grain keeps its state in.</summary>
public static class SweepStorage
{
    public const string Name = "sweepStore";
}
