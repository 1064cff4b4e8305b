using Microsoft.Extensions.Logging;

namespace SweepCluster.Grains.Sweeps;

/// <summary>The coordinator's log messages.</summary>
public sealed partial class SweepCoordinatorGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} ({Name}) submitted.")]
    private static partial void LogSubmitted(ILogger logger, string sweepId, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId} resumed: {Issued} runs issued, {Finished} reported.")]
    private static partial void LogResumed(ILogger logger, string sweepId, int issued, int finished);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} completed: {Trials} runs, best η {Best}.")]
    private static partial void LogCompleted(ILogger logger, string sweepId, int trials, double? best);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweep {SweepId}: {Key} at epoch {Epoch} has {Value}; continues: {Continues}.")]
    private static partial void LogRung(ILogger logger, string sweepId, string key, int epoch, double value, bool continues);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} retried: {Runs} runs again.")]
    private static partial void LogRetried(ILogger logger, string sweepId, int runs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} cancelled with {InFlight} runs in flight.")]
    private static partial void LogCancelled(ILogger logger, string sweepId, int inFlight);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweep {SweepId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string sweepId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweep {SweepId}: its log could not be restored.")]
    private static partial void LogRestoreFailed(ILogger logger, Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: a step failed.")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: another activation has written its log since this one read it; this one leaves, and the next call goes on from what is stored.")]
    private static partial void LogStoreConflict(ILogger logger, Exception exception, string sweepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: starting run {Key} failed; the poll retries.")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string sweepId, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: range test {Key} did not finish.")]
    private static partial void LogRangeTestFailed(ILogger logger, Exception? exception, string sweepId, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweep {SweepId}: unregistering the reminder failed: {Reason}")]
    private static partial void LogUnregisterFailed(ILogger logger, string sweepId, string reason);
}
