using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Placement;
using SweepCluster.Grains.Load;

namespace SweepCluster.Grains.Placement;

/// <summary>
/// Picks the compatible silo with the most free slots on the load board (ties at random, so that equal silos share a
/// burst). Until every compatible silo has reported — a silo that just joined — it falls back to Orleans'
/// activation-count placement.
/// </summary>
internal sealed class FreeSlotPlacementDirector(ClusterLoadView view, IServiceProvider services) : IPlacementDirector
{
    private static readonly ActivationCountBasedPlacement FallbackStrategy = new();
    private readonly IPlacementDirector _fallback =
        services.GetRequiredKeyedService<IPlacementDirector>(typeof(ActivationCountBasedPlacement));

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        SiloAddress? best = null;
        var bestFree = int.MinValue;
        var ties = 0;
        foreach (var silo in compatible)
        {
            if (view.Free(silo) is not int free) return _fallback.OnAddActivation(FallbackStrategy, target, context);
            if (free > bestFree) (best, bestFree, ties) = (silo, free, 1);
            else if (free == bestFree && Random.Shared.Next(++ties) == 0) best = silo;   // reservoir choice among ties
        }
        if (best is null) return _fallback.OnAddActivation(FallbackStrategy, target, context);
        view.Placed(best);
        return Task.FromResult(best);
    }
}
