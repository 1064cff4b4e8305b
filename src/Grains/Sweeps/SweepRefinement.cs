using SweepCluster.Engine.Search;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// What a finished sweep hands a refinement of it (<see cref="ISweepCoordinatorGrain.Inherit"/>): its spec in the form
/// its coordinator stores it, which the child stores as its own, and what the child inherits.
/// </summary>
/// <param name="SpecJson">The parent's stored spec (<see cref="StoredSpec"/>): storage passed on verbatim, read back as a restore reads it.</param>
[GenerateSerializer, Immutable, Alias("sweep.SweepRefinement")]
public sealed record SweepRefinement(string SpecJson, SweepInheritance Inheritance);
