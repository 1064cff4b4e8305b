using System.Globalization;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Training;

namespace SweepCluster.Client.Console;

/// <summary>
/// Training progress on standard error: epoch lines (every epoch up to <see cref="MaxEpochLines"/> epochs, then evenly
/// thinned to about that many, the last always shown), and on a terminal a live line redrawn in place between them.
/// Losses have five significant digits, so a small loss never reads 0.00000. Called on the training thread at the end
/// of every epoch.
/// </summary>
internal sealed class EpochReporter : ITrainingObserver, IDisposable
{
    private readonly TextWriter _stderr;
    private readonly bool _live;
    private readonly TrainingProgress _progress;
    private readonly Timer? _ticker;
    private readonly Lock _gate = new();

    /// <summary>About how many epoch lines a run prints, however many epochs it has.</summary>
    public const int MaxEpochLines = 20;

    private EpochReporter(TextWriter stderr, bool live, TrainingProgress progress)
    {
        _stderr = stderr;
        _live = live;
        _progress = progress;
        if (live) _ticker = new Timer(_ => Redraw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    public static EpochReporter Create(TextWriter stderr, string name, string arm, double learningRate, TrainingProgress progress)
    {
        var live = ReferenceEquals(stderr, System.Console.Error) && !System.Console.IsErrorRedirected;
        var rate = double.IsNaN(learningRate) ? "the smoothness rule's step" : string.Create(CultureInfo.InvariantCulture, $"η = {learningRate:G6}");
        stderr.WriteLine($"training {name} ({arm}) at {rate}");
        return new EpochReporter(stderr, live, progress);
    }

    public bool OnEpoch(EpochPoint epoch, TrainingProgress progress)
    {
        if (!Shows(epoch.Epoch + 1, progress.TotalEpochs)) return true;
        lock (_gate)
        {
            if (_live) _stderr.Write("\r\u001b[2K");
            var validation = epoch.ValidationLoss is double v ? $"  validation loss {v:G5}" : "";
            var accuracy = epoch.ValidationAccuracy is double a ? $"  accuracy {a:P2}" : "";
            _stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch.Epoch + 1}/{progress.TotalEpochs}  train loss {epoch.TrainLoss:G5}{validation}{accuracy}  η {progress.LearningRate:G4}"));
        }
        return true;
    }

    /// <summary>
    /// Whether epoch <paramref name="number"/> (from 1) of <paramref name="total"/> gets a line: all of them up to
    /// <see cref="MaxEpochLines"/>, else every k-th with k = ⌈total / MaxEpochLines⌉, and the last.
    /// </summary>
    public static bool Shows(int number, int total)
    {
        if (total <= MaxEpochLines || number >= total) return true;
        var every = (total + MaxEpochLines - 1) / MaxEpochLines;
        return number % every == 0;
    }

    /// <summary>
    /// Whether the <paramref name="count"/>-th epoch report of a user's program, asked for <paramref name="expected"/>
    /// epochs, gets a line: as <see cref="Shows"/> up to that many; past it (a program that runs longer than asked) only
    /// at the doublings, so its lines stay few however long it runs.
    /// </summary>
    public static bool ShowsReport(int count, int expected)
    {
        var total = Math.Max(expected, MaxEpochLines);
        if (count <= total) return Shows(count, total);
        var every = (total + MaxEpochLines - 1) / MaxEpochLines;
        if (count % every != 0) return false;
        var k = count / every;
        return (k & (k - 1)) == 0;
    }

    public void Finish(Trial trial)
    {
        _ticker?.Dispose();
        lock (_gate)
        {
            if (_live) _stderr.Write("\r\u001b[2K");
            var verdict = trial.Verdict is { } v ? $", verdict {System.Text.Json.JsonSerializer.Serialize(v).Trim('"')}" : "";
            _stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{System.Text.Json.JsonSerializer.Serialize(trial.Status).Trim('"')} after {trial.Steps} steps in {trial.WallSeconds:F2} s{verdict}"));
        }
    }

    private void Redraw()
    {
        lock (_gate)
        {
            var total = Math.Max(1, _progress.TotalSteps);
            var fraction = (double)_progress.Step / total;
            var filled = (int)(fraction * 30);
            _stderr.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r\u001b[2K[{new string('#', filled)}{new string('.', 30 - filled)}] step {_progress.Step}/{total}  loss {_progress.Loss:G5}  η {_progress.LearningRate:G4}"));
        }
    }

    public void Dispose() => _ticker?.Dispose();
}
