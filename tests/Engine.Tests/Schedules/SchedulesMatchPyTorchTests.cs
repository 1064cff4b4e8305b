using SweepCluster.Engine.Tests.TorchReference;

namespace SweepCluster.Engine.Tests.Schedules;

/// <summary>
/// Every schedule (alone and behind a warmup) and reduce-on-plateau, driving SGD, Adam or momentum SGD on a quadratic,
/// against PyTorch 1.13's schedulers stepped after every optimizer step.
/// </summary>
public sealed class SchedulesMatchPyTorchTests
{
    public static TheoryData<string> Cases => new(TorchCase.Names("schedule-").Concat(TorchCase.Names("plateau-")));

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrajectoryMatchesPyTorchWithin1e9Relative(string name)
    {
        var c = TorchCase.Load(name);
        Close.Trajectory(c, QuadraticRun.Run<double>(c));
    }
}
