using SweepCluster.Engine.Results;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Training;

/// <summary>Runs the trainer with the test's cancellation token, so a cancelled test run stops training at once.</summary>
internal static class TestTrainer
{
    public static Trial Run(TrialPlan plan, TrainingProgress? progress = null, ITrainingObserver? observer = null) =>
        Trainer.Run(plan, progress, observer, TestContext.Current.CancellationToken);
}
