namespace SweepCluster.Engine.Trainers;

/// <summary>
/// Follows one trial's output: keeps the tails of stdout and stderr, parses reports, applies the divergence rule and
/// asks the observer whether to go on. What it returns for a line tells the loop whether the trial must stop or is done.
/// </summary>
internal sealed class TrialMonitor(IReportParser parser, ICommandRunObserver? observer, CommandRunOptions options)
{
    private readonly DivergenceWatch _divergence = new(options.DivergenceFactor);
    private readonly ReportHistory _history = new();

    public OutputTail Stdout { get; } = new(options.TailBytes);
    public OutputTail Stderr { get; } = new(options.TailBytes);
    public int ReportCount { get; private set; }
    public TrainerReport? LastEpoch { get; private set; }
    public TrainerReport? LastReport { get; private set; }
    public IReadOnlyList<TrainerReport> Reports => _history.Reports;

    /// <summary>Handles one line; with <paramref name="decide"/> false (the trial is already stopping) reports are recorded but decide nothing.</summary>
    public async ValueTask<LineOutcome> OnLineAsync(OutputStream stream, string line, bool decide, CancellationToken cancel)
    {
        (stream == OutputStream.Stdout ? Stdout : Stderr).Append(line);
        observer?.OnLine(stream, line);
        var parsed = parser.Parse(stream, line);
        if (parsed.Kind == ParsedLineKind.Done) return decide ? LineOutcome.Done(parsed.Failure) : LineOutcome.None;
        if (parsed.Report is not { } report) return LineOutcome.None;

        ReportCount++;
        LastReport = report;
        if (report.IsEpoch) LastEpoch = report;
        _history.Add(report);
        if (!decide) return LineOutcome.None;
        if (_divergence.Check(report) is { } why) return LineOutcome.Stop(StopCause.Diverged, why);
        if (observer is not null && await observer.OnReportAsync(report, cancel) == ReportDecision.Stop)
            return LineOutcome.Stop(StopCause.EarlyStopped, $"stopped early by the search after {Describe(report)}");
        return LineOutcome.None;
    }

    private static string Describe(TrainerReport report) => report.Epoch is int epoch ? $"epoch {epoch}" : $"step {report.Step}";
}

/// <summary>What a line means for the trial's loop: nothing, a stop (with why), or a worker's end of trial.</summary>
internal readonly record struct LineOutcome(StopCause? StopCause, string? Why, bool IsDone, string? Failure)
{
    public static LineOutcome None => default;

    public static LineOutcome Stop(StopCause cause, string why) => new(cause, why, false, null);

    public static LineOutcome Done(string? failure) => new(null, null, true, failure);
}
