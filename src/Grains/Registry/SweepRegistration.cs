using Microsoft.Extensions.Logging;

namespace SweepCluster.Grains.Registry;

/// <summary>How a coordinator puts its sweep on the registry.</summary>
public static partial class SweepRegistration
{
    /// <summary>
    /// Registers the sweep. A failure is logged, not thrown: the sweep is stored and running by then, and failing the
    /// submission would only make the user submit it a second time; it is then missing from <c>sweep list</c> alone.
    /// </summary>
    public static async Task RegisterSweepAsync(
        this IGrainFactory grains, string sweepId, string name, DateTime submittedUtc, string? parentSweepId, ILogger logger)
    {
        try
        {
            await grains.GetGrain<ISweepRegistryGrain>(0).Register(sweepId, name, submittedUtc, parentSweepId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRegisterFailed(logger, e, sweepId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: registering it failed; `sweep list` will not show it.")]
    private static partial void LogRegisterFailed(ILogger logger, Exception exception, string sweepId);
}
