using System.Collections.Concurrent;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Tests.Trainers;

/// <summary>Records what a run reports and decides with a given rule, as the trial grain would forward to ASHA.</summary>
internal sealed class RecordingObserver(Func<TrainerReport, ReportDecision>? decide = null) : ICommandRunObserver
{
    public ConcurrentQueue<TrainerReport> Reports { get; } = new();
    public ConcurrentQueue<(OutputStream Stream, string Line)> Lines { get; } = new();

    public void OnLine(OutputStream stream, string line) => Lines.Enqueue((stream, line));

    public ValueTask<ReportDecision> OnReportAsync(TrainerReport report, CancellationToken cancel)
    {
        Reports.Enqueue(report);
        return ValueTask.FromResult(decide?.Invoke(report) ?? ReportDecision.Continue);
    }
}
