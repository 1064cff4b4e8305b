namespace SweepCluster.Cluster.Bench;

/// <summary>One cluster shape the scale benchmark runs the same sweep on.</summary>
/// <param name="SiloSlots">Each silo's <c>--slots</c>; empty for the embedded silo.</param>
/// <param name="EmbeddedSlots">The embedded silo's slots (in this process, in-memory storage, as <c>sweep run</c>); 0 for processes.</param>
/// <param name="Concurrency">The sweep's <c>search.concurrency</c>; null: every free slot plus one queued run per silo.</param>
internal sealed record ScaleConfig(string Name, int[] SiloSlots, int EmbeddedSlots = 0, int? Concurrency = null)
{
    public bool Embedded => EmbeddedSlots > 0;

    public int Slots => Embedded ? EmbeddedSlots : SiloSlots.Sum();

    /// <summary>The runs that can train at once: the slots, or fewer when the sweep's concurrency says so.</summary>
    public int RunsAtOnce => Concurrency is int c ? Math.Min(c, Slots) : Slots;

    public int Silos => Embedded ? 1 : SiloSlots.Length;

    /// <summary>
    /// The shapes for a machine of <paramref name="cores"/> cores: every one has the cores as its training slots where
    /// it can (1 × cores, 2 × cores/2, 4 × cores/4), so that throughput compares like with like. Four silos on fewer
    /// than four cores cannot share the cores as slots (a silo has at least one), so that shape oversubscribes: four
    /// runs on two cores, each at about half speed, the same throughput if coordination costs nothing, which is what
    /// it then measures. The same four silos with <c>search.concurrency</c> = cores train no more runs than cores at
    /// once, the other way to compare at equal CPU, but it also gives up the run queued per silo (a freed slot waits
    /// for the coordinator's round trip), so it is shown beside, not instead. One silo with as many slots as the four
    /// silos have is their like for like: the same oversubscription, with the coordination of one process.
    /// </summary>
    public static IReadOnlyList<ScaleConfig> For(int cores)
    {
        var configs = new List<ScaleConfig> { new($"embedded, in-memory, {cores} slots", [], EmbeddedSlots: cores) };
        foreach (var silos in new[] { 1, 2, 4 })
        {
            var each = Math.Max(1, cores / silos);
            var name = $"{silos} silo{(silos > 1 ? "s" : "")} × {each} slot{(each > 1 ? "s" : "")}";
            configs.Add(new ScaleConfig(each * silos > cores ? $"{name} ({each * silos} runs on {cores} cores)" : name, Enumerable.Repeat(each, silos).ToArray()));
            if (each * silos <= cores) continue;
            configs.Add(new ScaleConfig($"{name}, concurrency {cores}", Enumerable.Repeat(each, silos).ToArray(), Concurrency: cores));
            // The same runs at once in one process: what the many silos cost in coordination alone, since both shapes
            // pay the same for training more runs than there are cores.
            configs.Add(new ScaleConfig($"1 silo × {each * silos} slots ({each * silos} runs on {cores} cores)", [each * silos]));
        }
        return configs;
    }
}
