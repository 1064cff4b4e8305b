namespace SweepCluster.Engine.Trainers;

/// <summary>
/// The reports a trial keeps for its history: every epoch report, and at most <see cref="MaxSteps"/> step reports
/// (when full, every second one is dropped and only every second one kept from then on), so a program reporting every
/// step of a long run cannot fill the silo's memory.
/// </summary>
internal sealed class ReportHistory
{
    public const int MaxSteps = 1000;

    private readonly List<TrainerReport> _reports = [];
    private int _steps;
    private long _stride = 1;
    private long _seen;

    public IReadOnlyList<TrainerReport> Reports => _reports;

    public void Add(TrainerReport report)
    {
        if (report.IsEpoch)
        {
            _reports.Add(report);
            return;
        }
        if (_seen++ % _stride != 0) return;
        if (_steps == MaxSteps)
        {
            // Keep every second step report: those at even positions among the steps kept so far.
            int index = 0;
            _reports.RemoveAll(r => !r.IsEpoch && index++ % 2 == 1);
            _steps = (_steps + 1) / 2;
            _stride *= 2;
            if ((_seen - 1) % _stride != 0) return;
        }
        _reports.Add(report);
        _steps++;
    }
}
