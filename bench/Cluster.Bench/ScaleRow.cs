namespace SweepCluster.Cluster.Bench;

/// <summary>One silo's part in a measured sweep.</summary>
/// <param name="PeakRss">VmHWM after the sweep: the most the process was ever resident.</param>
internal sealed record SiloFigures(string Address, int Slots, int Trials, long PeakRss, long Rss);

/// <summary>What one cluster shape measured for the scale sweep.</summary>
/// <param name="Decisions">The coordinator's decisions during the measured sweep (its silo's histogram, before subtracted).</param>
/// <param name="Redis">What Redis was asked during the measured sweep; null for the embedded silo.</param>
/// <param name="SlotHeldSeconds">How long the slots were held (the embedded silo's <c>TrainingSlots.BusyTime</c>); null for processes.</param>
/// <param name="Cpu">CPU time the benchmark's processes used during the measured sweep.</param>
/// <param name="Warmup">The sweep run first on the fresh cluster (JIT, the data set's load), not measured otherwise.</param>
internal sealed record ScaleRow(
    ScaleConfig Config, ScaleSweep Warmup, ScaleSweep Sweep, Histogram Decisions, IReadOnlyList<SiloFigures> Silos, RedisCounts? Redis,
    SweepCpu Cpu, string LoadBefore, string LoadAfter, IReadOnlyList<double>? ExactDecisions = null, double? SlotHeldSeconds = null)
{
    /// <summary>
    /// The share of the machine's cores the sweep's processes got: below 100% the rest went to idle slots or to other
    /// processes on the machine (a loaded machine), which stretch the trials' loops and the wall alike.
    /// </summary>
    public double CpuShare => Cpu.Total.TotalSeconds / (Sweep.WallSeconds * Environment.ProcessorCount);

    /// <summary>Σ compute ÷ the runs that can train at once (the slots, or the sweep's concurrency when lower).</summary>
    public double MinimumSeconds => Sweep.ComputeSeconds / Config.RunsAtOnce;

    /// <summary>The warm-up sweep's overhead: what a first sweep on fresh silos pays for JIT and loading the data.</summary>
    public double ColdOverhead => Warmup.WallSeconds / (Warmup.ComputeSeconds / Config.RunsAtOnce) - 1;

    /// <summary>wall ÷ (Σ compute ÷ slots) − 1: the slots' time not spent in a training loop.</summary>
    public double Overhead => Sweep.WallSeconds / MinimumSeconds - 1;

    public double TrialsPerSecond => Sweep.Trials / Sweep.WallSeconds;

    /// <summary>Slot time per trial outside the training loop: between trials, before and after each one's loop.</summary>
    public double IdleSlotSecondsPerTrial => (Sweep.WallSeconds * Config.RunsAtOnce - Sweep.ComputeSeconds) / Sweep.Trials;

    /// <summary>Each silo's trials against its fair share by slots (trials × its slots ÷ all slots), as a fraction off.</summary>
    public IEnumerable<double> ShareDeviations =>
        Silos.Select(s => s.Trials / (Sweep.Trials * (double)s.Slots / Config.Slots) - 1);
}

/// <summary>Where a sweep's CPU went: the silos' training threads, the rest of the silos, Redis, the submitting client.</summary>
/// <param name="Silos">For the embedded silo, this whole process (its client included).</param>
internal sealed record SweepCpu(ProcessCpu Silos, TimeSpan Redis, TimeSpan Client)
{
    public TimeSpan Total => Silos.Total + Redis + Client;

    public SweepCpu Since(SweepCpu before) => new(Silos.Since(before.Silos), Redis - before.Redis, Client - before.Client);
}
