using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests.Infrastructure;

public static class MidTraining
{
    /// <summary>
    /// Training, and not past half of its steps: a run that is still unfinished when a silo is killed right after this
    /// was seen (one near its end could finish between the look and the kill, and would not be restarted).
    /// </summary>
    public static bool IsEarlyInTraining(this TrialProgress progress) =>
        progress.Phase == TrialPhase.Running && progress.Step > 0 && progress.Step < progress.TotalSteps / 2;
}
