namespace SweepCluster.Cluster.Bench;

/// <summary>One silo's part in a measured sweep.</summary>
/// <param name="PeakRss">VmHWM after the sweep: the most the process was ever resident.</param>
internal sealed record SiloFigures(string Address, int Slots, int Trials, long PeakRss, long Rss);

/// <summary>What one cluster shape measured for the scale sweep.</summary>
/// <param name="Decisions">The coordinator's decisions during the measured sweep (its silo's histogram, before subtracted).</param>
/// <param name="Redis">What Redis was asked during the measured sweep; null for the embedded silo.</param>
/// <param name="CpuSeconds">CPU time the benchmark's processes (silos, Redis, this client) used during the measured sweep.</param>
internal sealed record ScaleRow(
    ScaleConfig Config, ScaleSweep Sweep, Histogram Decisions, IReadOnlyList<SiloFigures> Silos, RedisCounts? Redis,
    double CpuSeconds, string LoadBefore, string LoadAfter, IReadOnlyList<double>? ExactDecisions = null)
{
    /// <summary>
    /// The share of the machine's cores the sweep's processes got: below 100% the rest went to idle slots or to other
    /// processes on the machine (a loaded machine), which stretch the trials' loops and the wall alike.
    /// </summary>
    public double CpuShare => CpuSeconds / (Sweep.WallSeconds * Environment.ProcessorCount);

    public double MinimumSeconds => Sweep.ComputeSeconds / Config.Slots;

    /// <summary>wall ÷ (Σ compute ÷ slots) − 1: the slots' time not spent in a training loop.</summary>
    public double Overhead => Sweep.WallSeconds / MinimumSeconds - 1;

    public double TrialsPerSecond => Sweep.Trials / Sweep.WallSeconds;

    /// <summary>Slot time per trial outside the training loop: between trials, before and after each one's loop.</summary>
    public double IdleSlotSecondsPerTrial => (Sweep.WallSeconds * Config.Slots - Sweep.ComputeSeconds) / Sweep.Trials;

    /// <summary>Each silo's trials against its fair share by slots (trials × its slots ÷ all slots), as a fraction off.</summary>
    public IEnumerable<double> ShareDeviations =>
        Silos.Select(s => s.Trials / (Sweep.Trials * (double)s.Slots / Config.Slots) - 1);
}
