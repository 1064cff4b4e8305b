using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Data;

public sealed class SyntheticDataTests
{
    [Fact]
    public void TheSameSeedGivesTheSameDataAndAnotherSeedOtherData()
    {
        var spec = new SyntheticDataSpec(SyntheticTask.LinearRegression, Samples: 50, Features: 4, Noise: 0.1, Seed: 3);
        var a = SyntheticData.Generate(spec);
        var b = SyntheticData.Generate(spec);
        var c = SyntheticData.Generate(spec with { Seed = 4 });
        Assert.Equal(a.X, b.X);
        Assert.Equal(a.Targets!, b.Targets!);
        Assert.NotEqual(a.X, c.X);
    }

    [Fact]
    public void LinearRegressionHasSamplesByFeaturesAndTargetsFromTheTrueWeights()
    {
        var spec = new SyntheticDataSpec(SyntheticTask.LinearRegression, Samples: 200, Features: 7, Noise: 0, Seed: 1);
        var data = SyntheticData.Generate(spec);
        double[] w = SyntheticData.TrueWeights(spec);
        Assert.Equal((200, 7, 0), (data.Rows, data.Features, data.Classes));
        Assert.Null(data.Labels);
        for (int row = 0; row < data.Rows; row++)
        {
            var x = data.Row(row);
            double y = 0;
            for (int j = 0; j < x.Length; j++) y += x[j] * w[j];
            Assert.Equal((float)y, data.Targets![row]); // noise 0: exactly x·w, rounded to float once
        }
    }

    [Fact]
    public void NoiseMovesTargetsByAboutItsStandardDeviation()
    {
        var clean = SyntheticData.Generate(new SyntheticDataSpec(Samples: 2000, Features: 3, Noise: 0, Seed: 9));
        var noisy = SyntheticData.Generate(new SyntheticDataSpec(Samples: 2000, Features: 3, Noise: 0.5, Seed: 9));
        Assert.Equal(clean.X, noisy.X); // the noise draw follows each row's features, so features do not depend on noise
        double meanSquare = clean.Targets!.Zip(noisy.Targets!, (a, b) => (double)(a - b) * (a - b)).Average();
        Assert.InRange(Math.Sqrt(meanSquare), 0.45, 0.55);
    }

    [Fact]
    public void LogisticDataHasTwoClassesOnBothSidesOfTheBoundary()
    {
        var spec = new SyntheticDataSpec(SyntheticTask.Logistic, Samples: 500, Features: 5, Noise: 0, Seed: 2);
        var data = SyntheticData.Generate(spec);
        double[] w = SyntheticData.TrueWeights(spec);
        Assert.Equal((500, 5, 2), (data.Rows, data.Features, data.Classes));
        Assert.Null(data.Targets);
        Assert.InRange(data.Labels!.Count(l => l == 1), 150, 350);
        for (int row = 0; row < data.Rows; row++)
        {
            var x = data.Row(row);
            double score = 0;
            for (int j = 0; j < x.Length; j++) score += x[j] * w[j];
            Assert.Equal(score > 0 ? 1 : 0, data.Labels![row]);
        }
    }

    [Fact]
    public void OutOfRangeParametersNameTheirField()
    {
        Assert.Contains("data.samples", Assert.Throws<InputException>(() => SyntheticData.Generate(new SyntheticDataSpec(Samples: 0))).Message);
        Assert.Contains("data.features", Assert.Throws<InputException>(() => SyntheticData.Generate(new SyntheticDataSpec(Features: -1))).Message);
        Assert.Contains("data.noise", Assert.Throws<InputException>(() => SyntheticData.Generate(new SyntheticDataSpec(Noise: double.NaN))).Message);
    }
}
