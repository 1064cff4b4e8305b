using System.Globalization;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Client.Console;

/// <summary>
/// The progress of a user's program on standard error: epoch report lines, numbered as the program numbers its epochs,
/// with the figures it reported (five significant digits), thinned like <see cref="EpochReporter"/>'s (the last always
/// shown), then how the run ended. Step reports and log lines are not shown: the history and `sweep logs` keep them.
/// </summary>
internal sealed class ReportPrinter(TextWriter stderr, int expectedEpochs) : ICommandRunObserver
{
    private int _reports;
    private string? _held;

    /// <param name="expectedEpochs">The epochs the program is asked for (training.epochs): how the lines are thinned.</param>
    public static ReportPrinter Create(TextWriter stderr, string name, string arm, double learningRate, IReadOnlyList<string> command, int expectedEpochs)
    {
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training {name} ({arm}) at η = {learningRate:G6}: {string.Join(' ', command)}"));
        return new ReportPrinter(stderr, expectedEpochs);
    }

    public ValueTask<ReportDecision> OnReportAsync(TrainerReport report, CancellationToken cancel)
    {
        if (report.Epoch is int epoch)
        {
            var train = report.TrainLoss is double t ? $"  train loss {t:G5}" : "";
            var validation = report.ValidationLoss is double v ? $"  validation loss {v:G5}" : "";
            var accuracy = report.ValidationAccuracy is double a ? $"  accuracy {a:P2}" : "";
            var rate = report.LearningRate is double r ? $"  η {r:G4}" : "";
            var line = string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}{train}{validation}{accuracy}{rate}");
            // Held back when thinned out, so that the run's last report is shown when it ends.
            if (EpochReporter.ShowsReport(++_reports, expectedEpochs)) { stderr.WriteLine(line); _held = null; }
            else _held = line;
        }
        return ValueTask.FromResult(ReportDecision.Continue);
    }

    /// <summary>How the run ended; <paramref name="detail"/> says why a run was stopped or diverged.</summary>
    public void Finish(Trial trial, string? detail)
    {
        if (_held is not null) stderr.WriteLine(_held);
        _held = null;
        var verdict = trial.Verdict is { } v ? $", verdict {Results.ContractNames.Of(v)}" : "";
        var epochs = $"{trial.EpochsCompleted} epoch report{(trial.EpochsCompleted == 1 ? "" : "s")}";
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Results.ContractNames.Of(trial.Status)} after {epochs} in {trial.WallSeconds:F2} s{verdict}{(detail is null ? "" : ": " + detail)}"));
    }
}
