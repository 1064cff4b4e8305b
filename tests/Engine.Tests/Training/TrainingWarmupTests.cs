using System.Runtime;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Training;

public sealed class TrainingWarmupTests(ITestOutputHelper output)
{
    [Fact]
    public void AfterTheWarmupATrialOfAWarmedModelAndOptimizerCompilesAlmostNothingOnItsThread()
    {
        TrainingWarmup.Run(TestContext.Current.CancellationToken);
        // Another spec than the warm-up's (sizes, rate, schedule): the same code, other data through it.
        var spec = SpecParser.Parse(
            """{"name":"after-warmup","data":{"source":"mnist","trainSize":2000,"validationSize":500},"model":{"kind":"mlp","hidden":[128]},"optimizer":{"kind":"adam","learningRate":0.002},"schedule":{"kind":"cosine","tMax":32},"training":{"epochs":1,"batchSize":64,"seed":3}}""");
        var arm = spec.ResolvedArms()[0];
        var plan = TrialPlan.For(spec, arm, 0.002);

        var before = JitInfo.GetCompiledMethodCount(currentThread: true);
        var trial = Trainer.Run(plan, cancel: TestContext.Current.CancellationToken);
        var compiled = JitInfo.GetCompiledMethodCount(currentThread: true) - before;
        output.WriteLine($"{compiled} methods compiled on the trial's thread");

        Assert.Equal(TrialStatus.Completed, trial.Status);
        // Without the warm-up, this first MLP + Adam trial of a process compiles several hundred methods here.
        Assert.True(compiled < 50, $"{compiled} methods were compiled during the trial");
    }
}
