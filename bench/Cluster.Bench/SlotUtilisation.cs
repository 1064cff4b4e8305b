using System.Globalization;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// How busy the training slots are during a sweep of small MNIST trials: slot utilisation = the time the slots were
/// held (<c>TrainingSlots.BusyTime</c>) ÷ (the sweep's wall time × slots); training utilisation uses the trials' own
/// <c>wallSeconds</c> (the training loop only) instead. What is left is coordination: a slot idle between one trial's
/// end and the next one's start. A coarse-to-fine stage waits for all its runs by design, so a grid is measured too.
/// </summary>
internal static class SlotUtilisation
{
    public static async Task RunAsync(EmbeddedSilo silo, int runs, TextWriter output)
    {
        (string Name, string Spec)[] scenarios =
        [
            ("grid 201, softmax 2,000 rows × 1 epoch", BenchSpecs.Softmax("""{"kind":"grid","min":1e-4,"max":1,"pointsPerDecade":50}""", 2000, 1)),
            ("grid 49, softmax 8,000 rows × 20 epochs", BenchSpecs.Softmax("""{"kind":"grid","min":1e-4,"max":1,"pointsPerDecade":12}""", 8000, 20)),
            ("coarse-to-fine 11 + 3 × 5, 2,000 × 1", BenchSpecs.Softmax("""{"kind":"coarse-to-fine","min":1e-4,"max":10,"pointsPerDecade":2,"refinements":3,"pointsPerRefinement":5}""", 2000, 1)),
            ("4 arms × grid 49, 2,000 × 1", BenchSpecs.Softmax($$"""{"kind":"grid","min":1e-4,"max":1,"pointsPerDecade":12,"arms":{{BenchSpecs.FourArms}}}""", 2000, 1)),
        ];
        // Loads and compresses MNIST once per process and gets the training and grain code through tiered compilation
        // (the first few hundred trials run slower): the first scenario once, not measured.
        await SweepDriver.RunAsync(silo.Client, scenarios[0].Spec);

        var slots = silo.Slots.Capacity;
        output.WriteLine($"## Slot utilisation (embedded silo, {slots} slots, {runs} runs each; medians over runs)");
        output.WriteLine();
        output.WriteLine("| scenario | trials | slot held ms/trial | training ms/trial | sweep wall s | slot utilisation | training utilisation | idle slot-ms per trial | runs (slot utilisation) |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (name, spec) in scenarios)
        {
            var rows = new List<Row>();
            for (var run = 0; run < runs; run++)
            {
                var busyBefore = silo.Slots.BusyTime;
                var figures = await SweepDriver.RunAsync(silo.Client, spec);
                var busy = (silo.Slots.BusyTime - busyBefore).TotalSeconds;
                var capacity = figures.WallSeconds * slots;
                rows.Add(new Row(figures.Trials, busy / figures.Trials, figures.ComputeSeconds / figures.Trials, figures.WallSeconds,
                    busy / capacity, figures.ComputeSeconds / capacity, (capacity - busy) / figures.Trials));
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {rows[0].Trials} | {M(rows, r => r.HeldSeconds) * 1e3:F1} | {M(rows, r => r.TrainingSeconds) * 1e3:F1} | {M(rows, r => r.WallSeconds):F2} | " +
                $"{M(rows, r => r.SlotUtilisation):P1} | {M(rows, r => r.TrainingUtilisation):P1} | {M(rows, r => r.IdleSeconds) * 1e3:F1} | " +
                $"{string.Join(" / ", rows.Select(r => r.SlotUtilisation.ToString("P0", CultureInfo.InvariantCulture)))} |"));
        }
        output.WriteLine();
    }

    private static double M(List<Row> rows, Func<Row, double> figure) => Percentiles.Median(rows.Select(figure));

    private sealed record Row(int Trials, double HeldSeconds, double TrainingSeconds, double WallSeconds, double SlotUtilisation, double TrainingUtilisation, double IdleSeconds);
}
