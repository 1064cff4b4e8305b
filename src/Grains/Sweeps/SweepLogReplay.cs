using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Driver;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Sweeps;

/// <summary>A sweep's stored log read in order into the driver's <see cref="SweepReplay"/>. Lives only while a coordinator restores.</summary>
internal sealed class SweepLogReplay
{
    public SweepReplay Facts { get; } = new();

    /// <summary>Entries read so far.</summary>
    public int Entries => Facts.Facts;

    public IReadOnlyList<TrialRequest> Issued => Facts.Issued;

    public IReadOnlyCollection<TrialOutcome> Outcomes => Facts.Outcomes;

    public IReadOnlyCollection<RungObservation> Rungs => Facts.Rungs;

    public void Apply(IEnumerable<SweepLogEntry> entries) => Facts.Apply(entries.Select(e => e.ToFact()));

    /// <exception cref="InvalidOperationException">The log does not fit the spec.</exception>
    public SweepSearch Restore(SweepSpec spec, SweepInheritance? inheritance) => Facts.Restore(spec, inheritance);
}
