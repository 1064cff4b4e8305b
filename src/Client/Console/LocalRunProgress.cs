using System.Globalization;
using SweepCluster.Client.Results;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Console;

/// <summary>
/// Progress of `retry` and `refine` given a results file, which run the sweep in this process: a line each time a
/// trial ends (kept ones of a retry counted apart), rewritten in place on a terminal, one line each when standard
/// error is redirected. Called from the runner's worker threads.
/// </summary>
internal sealed class LocalRunProgress(TextWriter stderr, Metric metric, IReadOnlySet<string> keptIds) : IDisposable
{
    private readonly bool _live = ReferenceEquals(stderr, System.Console.Error) && !System.Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private int _done, _failed, _kept;
    private bool _lineOpen;

    public void OnTrial(Trial trial)
    {
        lock (_gate)
        {
            if (keptIds.Contains(trial.TrialId)) _kept++;
            if (trial.Status is TrialStatus.Failed or TrialStatus.Cancelled) _failed++;
            else _done++;
            var kept = _kept > 0 ? $" ({_kept} kept from the file)" : "";
            var line = string.Create(CultureInfo.InvariantCulture,
                $"running: {_done} done, {_failed} failed or cancelled{kept}; latest η {ResultSummary.Rate(trial.LearningRate)} {ContractNames.Of(trial.Status)}{Figure(trial)}");
            if (_live)
            {
                stderr.Write("\r\u001b[2K" + line);
                _lineOpen = true;
            }
            else
            {
                stderr.WriteLine(line);
            }
        }
    }

    /// <summary>Ends the line rewritten in place, so that what follows starts on its own.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_lineOpen) stderr.WriteLine();
            _lineOpen = false;
        }
    }

    private string Figure(Trial trial)
    {
        var value = metric switch
        {
            Metric.TrainLoss => trial.TrainLoss,
            Metric.ValidationAccuracy => trial.ValidationAccuracy,
            _ => trial.ValidationLoss,
        };
        return value is null ? "" : $" ({ContractNames.Of(metric)} {ResultSummary.Value(value)})";
    }
}
