using System.Diagnostics;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Training;

namespace SweepCluster.Grains.Telemetry;

/// <summary>
/// What one trial's training reports: its span (a child of the grain call that started it, so under its sweep's span)
/// and its place among this silo's running trials while it trains.
/// </summary>
public sealed class TrialTelemetry(SweepMetrics metrics, string sweepId, string trialId, int arm, double learningRate, ActivityContext parent)
{
    /// <summary>Training begins on this thread: the span starts and the trial counts as running until disposed.</summary>
    public Scope Begin(TrainingProgress progress, int attempt, string silo)
    {
        var span = SweepTelemetry.Source.StartActivity("trial", ActivityKind.Internal, parent);
        span?.SetTag("sweep.id", sweepId);
        span?.SetTag("trial.id", trialId);
        span?.SetTag("trial.arm", arm);
        span?.SetTag("trial.learning_rate", learningRate);
        span?.SetTag("trial.attempt", attempt);
        span?.SetTag("silo", silo);
        return new Scope(span, metrics.Training(new RunningTrial(sweepId, trialId, arm, progress)));
    }

    /// <summary>The span and the registration of one training; <see cref="End"/> names how it ended.</summary>
    public sealed class Scope(Activity? span, IDisposable registration) : IDisposable
    {
        public void End(Trial trial)
        {
            ArgumentNullException.ThrowIfNull(trial);
            span?.SetTag("trial.status", trial.Status.ToString().ToLowerInvariant());
            span?.SetTag("trial.steps", trial.Steps);
            if (trial.Status == TrialStatus.Failed) span?.SetStatus(ActivityStatusCode.Error, trial.Error);
        }

        public void Dispose()
        {
            registration.Dispose();
            span?.Dispose();
        }
    }
}
