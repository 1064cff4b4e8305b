namespace SweepCluster.Engine.Trainers;

/// <summary>
/// Watches a trainer's run as it goes: every output line (for live logs) and every report (for metrics, history and
/// early stopping). Called on one task at a time, in output order.
/// </summary>
public interface ICommandRunObserver
{
    void OnLine(OutputStream stream, string line) { }

    /// <summary>Returns <see cref="ReportDecision.Stop"/> to stop the trial early (it ends <c>stopped</c>), e.g. at an ASHA rung.</summary>
    ValueTask<ReportDecision> OnReportAsync(TrainerReport report, CancellationToken cancel) => ValueTask.FromResult(ReportDecision.Continue);
}

public enum ReportDecision
{
    Continue,
    Stop,
}
