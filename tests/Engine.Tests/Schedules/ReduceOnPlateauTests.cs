using System.Text.Json;
using SweepCluster.Engine.Schedules;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Tests.TorchReference;

namespace SweepCluster.Engine.Tests.Schedules;

public sealed class ReduceOnPlateauTests
{
    public static TheoryData<string> Sequences => new(
        Directory.EnumerateFiles(TorchCase.Directory("plateau"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order());

    [Theory]
    [MemberData(nameof(Sequences))]
    public void RatesAfterEachObservationMatchPyTorch(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TorchCase.Directory("plateau"), name + ".json")));
        var root = document.RootElement;
        var spec = root.GetProperty("schedule").Deserialize<ScheduleSpec>(Json.Options)!;
        var plateau = new ReduceOnPlateau(Assert.IsType<ReduceOnPlateauScheduleSpec>(spec), root.GetProperty("initialRate").GetDouble());
        var metrics = root.GetProperty("metrics").EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.Null ? double.NaN : m.GetDouble()).ToArray();
        var expected = root.GetProperty("ratesAfter").Deserialize<double[]>(Json.Options)!;
        for (var i = 0; i < metrics.Length; i++)
        {
            var rate = plateau.Observe(metrics[i]);
            Assert.Equal(expected[i], rate);
            Assert.Equal(rate, plateau.Rate);
        }
    }

    [Fact]
    public void LossThatStopsImprovingForMoreThanPatienceEpochsIsReducedByFactor()
    {
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauScheduleSpec(Factor: 0.5, Patience: 2), 0.8);
        Assert.Equal(0.8, plateau.Observe(1.0));
        Assert.Equal(0.8, plateau.Observe(0.9));
        Assert.Equal(0.8, plateau.Observe(0.95)); // bad 1
        Assert.Equal(0.8, plateau.Observe(0.9)); // bad 2: not below best·(1 − 1e-4)
        Assert.Equal(0.4, plateau.Observe(0.91)); // bad 3 > patience: reduce, counter reset
        Assert.Equal(0, plateau.BadEpochs);
        Assert.Equal(0.4, plateau.Observe(0.5));
        Assert.Equal(0.5, plateau.Best);
        Assert.Equal(6, plateau.Epochs);
    }

    [Fact]
    public void AccuracyIsMaximised()
    {
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauScheduleSpec(Patience: 0, Metric: Metric.ValidationAccuracy), 1.0);
        Assert.True(plateau.Maximize);
        Assert.Equal(1.0, plateau.Observe(0.5));
        Assert.Equal(1.0, plateau.Observe(0.6));
        Assert.Equal(0.1, plateau.Observe(0.55), 15);
    }

    [Fact]
    public void NegativeBestMakesSlightlyWorseLossesCountAsImprovementsAsInPyTorch()
    {
        // best·(1 − threshold) is above a negative best, so −9.9995 "improves" on −10 in PyTorch's relative mode.
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauScheduleSpec(Factor: 0.5, Patience: 0, Threshold: 1e-4), 1.0);
        plateau.Observe(-10.0);
        Assert.Equal(1.0, plateau.Observe(-9.9995));
        Assert.Equal(-9.9995, plateau.Best);
        Assert.Equal(0.5, plateau.Observe(-9.0));
    }

    [Fact]
    public void NaNMetricIsNeverAnImprovement()
    {
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauScheduleSpec(Patience: 0), 1.0);
        Assert.Equal(0.1, plateau.Observe(double.NaN), 15);
        Assert.Equal(double.PositiveInfinity, plateau.Best);
    }

    [Fact]
    public void ReductionsSmallerThanEpsAreSkipped()
    {
        var plateau = new ReduceOnPlateau(new ReduceOnPlateauScheduleSpec(Factor: 0.5, Patience: 0), 1.5e-8);
        plateau.Observe(1.0);
        Assert.Equal(1.5e-8, plateau.Observe(2.0)); // 1.5e-8 − 0.75e-8 is not above PyTorch's eps 1e-8
    }

    [Fact]
    public void FactorOfOneOrMoreIsRejectedAsInPyTorch() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceOnPlateau(new ReduceOnPlateauScheduleSpec(Factor: 1.0), 1.0));
}
