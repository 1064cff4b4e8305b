using SweepCluster.Engine.Optimizers;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Optimizers;

/// <summary>Single steps worked out by hand from torch.optim's update rules, and its argument checks.</summary>
public sealed class OptimizerRulesTests
{
    [Fact]
    public void SgdMomentumBufferStartsAsTheFirstGradientThenDecays()
    {
        var sgd = new Sgd<double>(new SgdSpec(Momentum: 0.9, Dampening: 0.5), 1);
        double[] x = [1.0];
        sgd.Step(x, [2.0], 0.1);
        Assert.Equal(2.0, sgd.MomentumBuffer[0]); // no dampening on the first step, as torch.clone(d_p)
        Assert.Equal(1.0 - 0.1 * 2.0, x[0], 15);
        sgd.Step(x, [2.0], 0.1);
        Assert.Equal(0.9 * 2.0 + 0.5 * 2.0, sgd.MomentumBuffer[0], 15);
    }

    [Fact]
    public void NesterovStepsAlongGradientPlusMomentumTimesBuffer()
    {
        var sgd = new Sgd<double>(new SgdSpec(Momentum: 0.5, Nesterov: true), 1);
        double[] x = [0.0];
        sgd.Step(x, [1.0], 1.0);
        Assert.Equal(-(1.0 + 0.5 * 1.0), x[0]);
    }

    [Fact]
    public void SgdWeightDecayIsAddedToTheGradient()
    {
        var sgd = new Sgd<double>(new SgdSpec { WeightDecay = 0.5 }, 1);
        double[] x = [2.0];
        sgd.Step(x, [1.0], 0.1);
        Assert.Equal(2.0 - 0.1 * (1.0 + 0.5 * 2.0), x[0], 15);
    }

    [Fact]
    public void AdamsFirstStepMovesEachParameterByAboutLrAgainstTheGradientSign()
    {
        var adam = new Adam<double>(new AdamSpec(), 3);
        double[] x = [0, 0, 0];
        adam.Step(x, [3.0, -1e-3, 0.0], 0.01);
        // m̂ = g and v̂ = g², so the step is lr·g/(|g| + eps).
        Assert.Equal(-0.01 * 3.0 / (3.0 + 1e-8), x[0], 12);
        Assert.Equal(0.01 * 1e-3 / (1e-3 + 1e-8), x[1], 12);
        Assert.Equal(0.0, x[2]);
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void AdamWDecaysTheParametersBeforeTheAdamStep()
    {
        var adamW = new Adam<double>(new AdamWSpec { WeightDecay = 0.1 }, 1);
        Assert.True(adamW.DecoupledWeightDecay);
        double[] x = [2.0];
        adamW.Step(x, [0.0], 0.5); // zero gradient: only the decay moves it
        Assert.Equal(2.0 * (1 - 0.5 * 0.1), x[0], 15);
    }

    [Fact]
    public void AdagradStartsFromTheInitialAccumulatorAndDecaysItsRate()
    {
        var adagrad = new Adagrad<double>(new AdagradSpec(InitialAccumulator: 1.0, LrDecay: 0.5), 1);
        double[] x = [0.0];
        adagrad.Step(x, [1.0], 1.0);
        Assert.Equal(-1.0 / (Math.Sqrt(2.0) + 1e-10), x[0], 15);
        adagrad.Step(x, [1.0], 1.0);
        Assert.Equal(-1.0 / (Math.Sqrt(2.0) + 1e-10) - 1.0 / 1.5 / (Math.Sqrt(3.0) + 1e-10), x[0], 15);
    }

    [Fact]
    public void AdadeltaScalesItsUnitCorrectedStepByLr()
    {
        var adadelta = new Adadelta<double>(new AdadeltaSpec(), 1);
        double[] x = [0.0];
        adadelta.Step(x, [1.0], 2.0);
        var delta = Math.Sqrt(1e-6) / Math.Sqrt(0.1 + 1e-6) * 1.0;
        Assert.Equal(-2.0 * delta, x[0], 15);
    }

    [Fact]
    public void FloatAdamFlushesDecayedMomentsToZeroInsteadOfGoingSubnormal()
    {
        var adam = new Adam<float>(new AdamSpec(), 17);
        var x = new float[17];
        var g = new float[17];
        g.AsSpan().Fill(1e-4f);
        adam.Step(x, g, 1e-3);
        g.AsSpan().Clear();
        // m decays by 0.9 a step: 1e-5·0.9^700 ≈ 1e-37 would be a subnormal-adjacent float long before v is.
        for (var i = 0; i < 700; i++)
            adam.Step(x, g, 1e-3);
        foreach (var m in adam.FirstMoment)
            Assert.Equal(0f, m);
        Assert.All(adam.SecondMoment.ToArray(), v => Assert.True(v == 0 || float.IsNormal(v)));
    }

    [Fact]
    public void FloatAdamWithoutEpsDoesNotFlushSoTinyGradientsStillStepByLr()
    {
        // eps = 0 makes Adam scale-invariant: a 1e-17 gradient (v ≈ 1e-37) still moves the parameter by lr. Flushing
        // v here would divide by zero, so nothing is flushed.
        var adam = new Adam<float>(new AdamSpec(Eps: 0), 1);
        float[] x = [0f];
        adam.Step(x, [1e-17f], 1e-3);
        adam.Step(x, [1e-17f], 1e-3);
        Assert.Equal(-2e-3f, x[0], 1e-6f);
    }

    [Fact]
    public void DoubleAdamKeepsTinyMomentsAsPyTorchDoes()
    {
        var adam = new Adam<double>(new AdamSpec(), 1);
        double[] x = [0.0];
        adam.Step(x, [1e-4], 1e-3);
        for (var i = 0; i < 700; i++)
            adam.Step(x, [0.0], 1e-3);
        Assert.Equal(1e-5 * Math.Pow(0.9, 700), adam.FirstMoment[0], 1e-40);
    }

    [Fact]
    public void FloatSgdMomentumBufferIsFlushedBelow1e30()
    {
        var sgd = new Sgd<float>(new SgdSpec(Momentum: 0.5), 3);
        var x = new float[3];
        sgd.Step(x, [1e-29f, 2e-31f, -5e-31f], 0.1);
        Assert.Equal([1e-29f, 0f, 0f], sgd.MomentumBuffer.ToArray());
    }

    [Fact]
    public void FactoryBuildsTheRuleEachSpecNames()
    {
        Assert.IsType<Sgd<float>>(OptimizerFactory.Create<float>(new SgdSpec(), 4));
        Assert.IsType<Adagrad<float>>(OptimizerFactory.Create<float>(new AdagradSpec(), 4));
        Assert.IsType<RmsProp<double>>(OptimizerFactory.Create<double>(new RmsPropSpec(), 4));
        Assert.False(Assert.IsType<Adam<double>>(OptimizerFactory.Create<double>(new AdamSpec(), 4)).DecoupledWeightDecay);
        Assert.True(Assert.IsType<Adam<double>>(OptimizerFactory.Create<double>(new AdamWSpec(), 4)).DecoupledWeightDecay);
        Assert.IsType<Adadelta<float>>(OptimizerFactory.Create<float>(new AdadeltaSpec(), 4));
    }

    [Fact]
    public void HyperparametersPyTorchRejectsAreRejectedWithTheFieldName()
    {
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<float>(new SgdSpec(Momentum: -0.1), 1)).ParamName);
        Assert.Throws<ArgumentException>(() => new Sgd<float>(new SgdSpec(Momentum: 0.9, Dampening: 0.1, Nesterov: true), 1));
        Assert.Throws<ArgumentException>(() => new Sgd<float>(new SgdSpec(Nesterov: true), 1));
        Assert.Equal("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>(new AdamSpec(Beta1: 1.0), 1)).ParamName);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>(new AdamWSpec(Beta2: -0.5), 1)).ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad<float>(new AdagradSpec(Eps: double.NaN), 1)).ParamName);
        Assert.Equal("lrDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad<float>(new AdagradSpec(LrDecay: -1), 1)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp<float>(new RmsPropSpec(Alpha: -1), 1)).ParamName);
        Assert.Equal("rho", Assert.Throws<ArgumentOutOfRangeException>(() => new Adadelta<float>(new AdadeltaSpec(Rho: 1.5), 1)).ParamName);
        Assert.Equal("weightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new Adadelta<float>(new AdadeltaSpec { WeightDecay = -1 }, 1)).ParamName);
    }

    [Fact]
    public void SpansOfTheWrongLengthAreRejected()
    {
        var sgd = new Sgd<float>(new SgdSpec(), 4);
        Assert.Throws<ArgumentException>(() => sgd.Step(new float[3], new float[4], 0.1));
        Assert.Throws<ArgumentException>(() => sgd.Step(new float[4], new float[5], 0.1));
    }
}
