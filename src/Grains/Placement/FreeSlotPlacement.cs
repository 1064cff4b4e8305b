using Orleans.Placement;

namespace SweepCluster.Grains.Placement;

/// <summary>Places an activation on the compatible silo with the most free training slots.</summary>
[GenerateSerializer, Immutable, Alias("sweep.FreeSlotPlacement")]
public sealed class FreeSlotPlacement : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class FreeSlotPlacementAttribute() : PlacementAttribute(new FreeSlotPlacement());
