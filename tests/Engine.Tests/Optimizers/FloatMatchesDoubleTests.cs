using SweepCluster.Engine.Tests.TorchReference;

namespace SweepCluster.Engine.Tests.Optimizers;

/// <summary>
/// The float32 optimizers (the data models' precision) follow the float64 ones on every PyTorch reference case: the
/// same formulas, only rounded to float, with subnormal flushing that moves nothing measurable.
/// </summary>
public sealed class FloatMatchesDoubleTests
{
    public static TheoryData<string> Cases => new(TorchCase.Names(""));

    [Theory]
    [MemberData(nameof(Cases))]
    public void FloatTrajectoryAgreesWithDoubleTo1e5(string name)
    {
        var c = TorchCase.Load(name);
        var d = QuadraticRun.Run<double>(c);
        var f = QuadraticRun.Run<float>(c);
        // Relative to the trajectory's largest loss: losses cross zero on the way to a negative minimum.
        var lossScale = d.Losses.Max(Math.Abs);
        for (var t = 0; t < c.Steps; t++)
        {
            Assert.Equal(d.LearningRates[t], f.LearningRates[t]);
            Close.Equal(d.Losses[t], f.Losses[t], $"{name} step {t} float loss", relative: 0, absolute: 1e-5 * lossScale);
        }
        var scale = d.FinalParameters.Max(Math.Abs);
        for (var i = 0; i < d.FinalParameters.Length; i++)
            Close.Equal(d.FinalParameters[i], f.FinalParameters[i], $"{name} final x[{i}]", relative: 0, absolute: 1e-5 * scale);
    }
}
