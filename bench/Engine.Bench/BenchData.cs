using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Bench;

/// <summary>The digits the benchmark trains on: the bundled real MNIST, split 8,000 / 2,000 as the examples do.</summary>
internal static class BenchData
{
    public const int TrainRows = 8000;
    public const int ValidationRows = 2000;

    public static DataSplit LoadDigits() => DataLoader.Load(new MnistDataSpec(TrainRows, ValidationRows), seed: 1);
}
