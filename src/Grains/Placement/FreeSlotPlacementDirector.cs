using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using SweepCluster.Grains.Load;

namespace SweepCluster.Grains.Placement;

/// <summary>
/// Asks the load board for the compatible silo with the most free slots, so that placements made on different silos
/// at the same moment share one count. If the board does not answer quickly (its silo just died) it decides from
/// this silo's copy of the board; until every compatible silo has reported (one just joined) it falls back to
/// Orleans' activation-count placement.
/// </summary>
/// <remarks>
/// A placement hint (<see cref="IPlacementDirector.PlacementHintKey"/>) is the coordinator's choice from its exact
/// count of its own runs per silo (SweepCoordinatorGrain.Placement): it is taken, and reserved on the board like any
/// choice, since the board's counts are up to two reports old.
/// </remarks>
internal sealed partial class FreeSlotPlacementDirector(
    IGrainFactory grains, ClusterLoadView view, IServiceProvider services, ILogger<FreeSlotPlacementDirector> logger) : IPlacementDirector
{
    private static readonly ActivationCountBasedPlacement FallbackStrategy = new();
    private static readonly TimeSpan BoardTimeout = TimeSpan.FromSeconds(2);
    private readonly IPlacementDirector _fallback =
        services.GetRequiredKeyedService<IPlacementDirector>(typeof(ActivationCountBasedPlacement));

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var candidates = context.GetCompatibleSilos(target);
        var hinted = IPlacementDirector.GetPlacementHint(target.RequestContextData, candidates);
        var asked = hinted is null ? candidates : [hinted];
        SiloAddress? chosen;
        try
        {
            chosen = await grains.GetGrain<IClusterLoadGrain>(0).Reserve(asked).WaitAsync(BoardTimeout);
        }
        catch (Exception e)
        {
            LogBoardUnavailable(logger, e.Message);
            chosen = view.Reserve(asked);
        }
        chosen ??= hinted;
        return chosen is not null && candidates.Contains(chosen)
            ? chosen
            : await _fallback.OnAddActivation(FallbackStrategy, target, context);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Placing by this silo's copy of the load board: the board did not answer ({Reason}).")]
    private static partial void LogBoardUnavailable(ILogger logger, string reason);
}
