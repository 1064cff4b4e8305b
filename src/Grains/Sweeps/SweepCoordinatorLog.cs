using Microsoft.Extensions.Logging;

namespace SweepCluster.Grains.Sweeps;

/// <summary>The coordinator's log messages.</summary>
internal static partial class SweepCoordinatorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} ({Name}) submitted.")]
    internal static partial void LogSubmitted(ILogger logger, string sweepId, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} resumed: {Issued} runs issued, {Finished} reported.")]
    internal static partial void LogResumed(ILogger logger, string sweepId, int issued, int finished);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} completed: {Trials} runs, best η {Best}.")]
    internal static partial void LogCompleted(ILogger logger, string sweepId, int trials, double? best);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweep {SweepId}: {Key} at epoch {Epoch} has {Value}; continues: {Continues}.")]
    internal static partial void LogRung(ILogger logger, string sweepId, string key, int epoch, double value, bool continues);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} retried: {Runs} runs again.")]
    internal static partial void LogRetried(ILogger logger, string sweepId, int runs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: trial {TrialId} did not report its end to the cancel: {Reason}")]
    internal static partial void LogStopUnanswered(ILogger logger, string sweepId, string trialId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} cancelled with {InFlight} runs in flight.")]
    internal static partial void LogCancelled(ILogger logger, string sweepId, int inFlight);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweep {SweepId} failed: {Error}")]
    internal static partial void LogFailed(ILogger logger, string sweepId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweep {SweepId}: its log could not be restored.")]
    internal static partial void LogRestoreFailed(ILogger logger, Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: a step failed.")]
    internal static partial void LogStepFailed(ILogger logger, Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: another activation has written its log since this one read it; this one leaves, and the next call goes on from what is stored.")]
    internal static partial void LogStoreConflict(ILogger logger, Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: starting run {Key} failed; the poll retries.")]
    internal static partial void LogStartFailed(ILogger logger, Exception exception, string sweepId, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: range test {Key} did not finish.")]
    internal static partial void LogRangeTestFailed(ILogger logger, Exception? exception, string sweepId, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweep {SweepId}: unregistering the reminder failed: {Reason}")]
    internal static partial void LogUnregisterFailed(ILogger logger, string sweepId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: no theory, the smoothness could not be estimated: {Reason}")]
    internal static partial void LogTheoryUnavailable(ILogger logger, string sweepId, string reason);
}
