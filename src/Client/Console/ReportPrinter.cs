using System.Globalization;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Client.Console;

/// <summary>
/// The progress of a user's program on standard error: one line per epoch report, numbered as the program numbers its
/// epochs, with the figures it reported (five significant digits), then how the run ended. Step reports and log lines
/// are not shown: the history and `sweep logs` keep them.
/// </summary>
internal sealed class ReportPrinter(TextWriter stderr) : ICommandRunObserver
{
    public static ReportPrinter Create(TextWriter stderr, string name, string arm, double learningRate, IReadOnlyList<string> command)
    {
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training {name} ({arm}) at η = {learningRate:G6}: {string.Join(' ', command)}"));
        return new ReportPrinter(stderr);
    }

    public ValueTask<ReportDecision> OnReportAsync(TrainerReport report, CancellationToken cancel)
    {
        if (report.Epoch is int epoch)
        {
            var train = report.TrainLoss is double t ? $"  train loss {t:G5}" : "";
            var validation = report.ValidationLoss is double v ? $"  validation loss {v:G5}" : "";
            var accuracy = report.ValidationAccuracy is double a ? $"  accuracy {a:P2}" : "";
            var rate = report.LearningRate is double r ? $"  η {r:G4}" : "";
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}{train}{validation}{accuracy}{rate}"));
        }
        return ValueTask.FromResult(ReportDecision.Continue);
    }

    /// <summary>How the run ended; <paramref name="detail"/> says why a run was stopped or diverged.</summary>
    public void Finish(Trial trial, string? detail)
    {
        var verdict = trial.Verdict is { } v ? $", verdict {Results.ContractNames.Of(v)}" : "";
        var epochs = $"{trial.EpochsCompleted} epoch report{(trial.EpochsCompleted == 1 ? "" : "s")}";
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Results.ContractNames.Of(trial.Status)} after {epochs} in {trial.WallSeconds:F2} s{verdict}{(detail is null ? "" : ": " + detail)}"));
    }
}
