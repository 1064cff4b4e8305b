using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Tests.Kernels;

public sealed class ActivationsTests
{
    [Theory]
    [MemberData(nameof(Widths.BySize), MemberType = typeof(Widths))]
    public void ReluKeepsPositivesAndNaN(SimdWidth width, int n)
    {
        var x = Widths.Sparse(new Random(n), n, 0.2);
        x[0] = float.NaN;
        var y = new float[n];
        Activations.Relu(x, y, width);
        Assert.Equal(x.Select(v => MathF.Max(v, 0f)), y);
    }

    [Theory]
    [MemberData(nameof(Widths.BySize), MemberType = typeof(Widths))]
    public void ReluBackwardPassesTheGradientWhereTheOutputIsPositive(SimdWidth width, int n)
    {
        var random = new Random(n);
        var output = Widths.Sparse(random, n).Select(v => MathF.Max(v, 0f)).ToArray();
        var gradient = Widths.Dense(random, n);
        var d = new float[n];
        Activations.ReluBackward(output, gradient, d, width);
        Assert.Equal(output.Zip(gradient, (o, g) => o > 0 ? g : 0f), d);
    }

    [Theory]
    [MemberData(nameof(Widths.BySize), MemberType = typeof(Widths))]
    public void TanhBackwardIsGradientTimesOneMinusOutputSquared(SimdWidth width, int n)
    {
        var random = new Random(n);
        var output = Widths.Dense(random, n).Select(MathF.Tanh).ToArray();
        var gradient = Widths.Dense(random, n);
        var d = (float[])gradient.Clone();
        Activations.TanhBackward(output, d, d, width);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(MathF.FusedMultiplyAdd(-gradient[i] * output[i], output[i], gradient[i]), d[i]);
            Assert.Equal(gradient[i] * (1 - (double)output[i] * output[i]), d[i], 1e-6);
        }
    }
}
