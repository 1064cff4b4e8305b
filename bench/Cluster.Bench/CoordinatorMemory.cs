using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// What a coordinator holds in memory for a sweep of 10,002 trials (a grid of two arms, every trial reported). The grain itself:
/// its log is written to storage as the grain writes it (pages, then the head), then the grain is activated and
/// restores from it; what the silo's heap holds after the activation less before it is what the coordinator holds
/// (its search and its head, Orleans' activation). Beside it, the search alone, and what the coordinator held before
/// the paged log: the search plus the whole log as a JSON string per request and outcome. Each the median of three,
/// after full collections (GC.GetTotalMemory(true)); the silo's own background work is in the noise.
/// </summary>
internal static class CoordinatorMemory
{
    public static async Task RunAsync(EmbeddedSilo silo, TextWriter output)
    {
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(SweepStorage.Name);
        // Two arms of 5,001 rates: a spec allows 10,000 trials an arm.
        var spec = BenchSpecs.Quadratic("""{"kind":"grid","min":1e-5,"max":1,"pointsPerDecade":1000,"metric":"trainLoss","arms":[{"name":"sgd"},{"name":"adam","optimizer":{"kind":"adam"}}]}""");
        var parsed = SpecParser.Parse(spec);
        var requests = new SweepSearch(parsed).Next(int.MaxValue);
        var outcomes = requests.Select(Outcome).ToArray();

        var grain = new List<long>();
        for (var run = 0; run < 3; run++)
        {
            var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>($"s-memory-{run}");
            await WriteLogAsync(storage, sweep.GetGrainId(), spec, requests, outcomes);
            var before = Heap();
            var status = await sweep.GetStatus();
            grain.Add(Heap() - before);
            if (status.Issued != requests.Count) throw new InvalidOperationException($"the coordinator restored {status.Issued} trials of {requests.Count}.");
        }
        var search = Held(() => SweepSearch.Restore(parsed, requests, outcomes, []));
        var unpaged = Held(() => (SweepSearch.Restore(parsed, requests, outcomes, []), UnpagedState.Of(spec, requests.Zip(outcomes))));

        output.WriteLine($"## Coordinator memory, a sweep of {requests.Count:N0} trials (median of 3, MB = 10⁶ B; the goal is ≤ 5 MB)");
        output.WriteLine();
        output.WriteLine("| what is held | MB | runs, MB |");
        output.WriteLine("|---|---:|---|");
        Row(output, "the coordinator grain, activated and restored from its paged log (silo heap after − before)", grain);
        Row(output, "its search alone (SweepSearch.Restore of every request and outcome)", search);
        Row(output, "before the paged log: the search and the state's dictionaries of JSON strings", unpaged);
        output.WriteLine();
    }

    /// <summary>The sweep's log as the grain stores it: every entry through the tail, sealed into pages, then the head.</summary>
    private static async Task WriteLogAsync(IGrainStorage storage, GrainId id, string spec, IReadOnlyList<TrialRequest> requests, IReadOnlyList<TrialOutcome> outcomes)
    {
        var head = new GrainState<SweepCoordinatorState>(new SweepCoordinatorState
        {
            SpecJson = spec, Phase = SweepPhase.Completed, StartedUtc = DateTime.UtcNow, EndedUtc = DateTime.UtcNow,
        });
        for (var i = 0; i < requests.Count; i++)
        {
            head.State!.Tail.Add(RequestIssued.Of(requests[i]));
            head.State.Tail.Add(new OutcomeReported(outcomes[i]));
        }
        await new SweepLogStore(storage, id).SealAsync(head.State!, head.ETag);
        await storage.WriteStateAsync(SweepLogStore.HeadStateName, id, head);
    }

    private static TrialOutcome Outcome(TrialRequest r) =>
        new(r.Key, r.Arm, r.Stage, r.LearningRate, TrialStatus.Completed, 0.123456789012, 0.1345678901234, 0.9123, 30, 25.5, Verdict.Good, 0.0123456);

    private static List<long> Held(Func<object> build) => [.. Enumerable.Range(0, 3).Select(_ => Measure(build))];

    // Not inlined: what one run built is unreachable once it returns, and the next run's "before" leaves it out.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Measure(Func<object> build)
    {
        var before = Heap();
        var kept = build();
        var after = Heap();
        GC.KeepAlive(kept);
        return after - before;
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void Row(TextWriter output, string what, List<long> bytes) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {bytes.Order().ElementAt(bytes.Count / 2) / 1e6:F2} | {string.Join(", ", bytes.Select(b => (b / 1e6).ToString("F2", CultureInfo.InvariantCulture)))} |"));
}
