using Microsoft.Extensions.Logging;

namespace SweepCluster.Grains.Trials;

/// <summary>What a trial grain logs on its silo.</summary>
internal static partial class TrialGrainLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId} restarted (attempt {Attempts}) on {Silo}; it was running on {Previous}.")]
    public static partial void Restarted(ILogger logger, string trialId, int attempts, string? previous, string silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trial {TrialId} retried (attempt {Attempts}) on {Silo}.")]
    public static partial void Retried(ILogger logger, string trialId, int attempts, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId} abandoned unfinished: its activation is deactivating ({Reason}).")]
    public static partial void Abandoned(ILogger logger, string trialId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trial {TrialId} {Status} (attempt {Attempts}, silo {Silo}, {Steps} steps).")]
    public static partial void Finished(ILogger logger, string trialId, string status, int attempts, string? silo, long steps);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId} failed: its trainer threw.")]
    public static partial void TrainerFailed(ILogger logger, Exception exception, string trialId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId}: its sweep did not answer at a rung; the run goes on.")]
    public static partial void RungUnanswered(ILogger logger, Exception exception, string trialId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId} finished, but its end could not be stored ({Reason}); it is tried again until storage is back.")]
    public static partial void EndNotStored(ILogger logger, string trialId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trial {TrialId}: its end is stored (attempt {Attempt}).")]
    public static partial void EndStored(ILogger logger, string trialId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId}: storing its end failed.")]
    public static partial void FinishFailed(ILogger logger, Exception exception, string trialId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trial {TrialId}: unregistering the watchdog failed: {Reason}")]
    public static partial void UnregisterFailed(ILogger logger, string trialId, string reason);
}
