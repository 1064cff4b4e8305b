using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// What the coordinator's writes cost as a sweep grows, before and after its log was paged. Before: the state was the
/// whole log (a JSON string per request and outcome) and grain storage writes a state whole, so a decision's write grew
/// with the trials before it and a sweep's writes with the square of its trials. After: a decision writes the head
/// (the spec, the small fields and the tail of entries since the last sealed page: half a page on average), and every
/// page of entries is written once as its own record. A decision logs two entries (an end and the next request), so
/// a page is written every <see cref="SweepLogStore.PageSize"/> / 2 decisions. Written through the silo's own storage
/// provider (in memory): a write is a call to its storage grain (a fixed cost, whatever the size) plus serializing the
/// state (a cost per entry of the paged log). Best of 15: on a shared machine the best
/// is the cost, the rest is other processes.
/// </summary>
internal static class StateWriteTimings
{
    private const int EntriesPerDecision = 2;

    public static async Task RunAsync(EmbeddedSilo silo, TextWriter output)
    {
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(SweepStorage.Name);
        var serializer = silo.Services.GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>().Get(SweepStorage.Name).GrainStorageSerializer;
        var providersDefault = silo.Services.GetRequiredService<IGrainStorageSerializer>();
        const int decisionsPerPage = SweepLogStore.PageSize / EntriesPerDecision;
        output.WriteLine($"## Coordinator state write per decision (in-memory storage; best of 15; a page is {SweepLogStore.PageSize} entries, one every {decisionsPerPage} decisions)");
        output.WriteLine();
        output.WriteLine("| trials in the log | before: bytes a write | before: µs a write | before: µs to serialize | before: µs to serialize with "
            + $"{providersDefault.GetType().Name} | after: head bytes (tail of half a page) | after: µs a head write | after: µs to serialize a head "
            + "| page bytes | µs a page write | after: bytes a decision | after: µs a decision | a sweep's writes, s: before → after |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var trials in new[] { 100, 1_000, 10_000 })
        {
            var id = GrainId.Create("sweepcoordinator", $"s-bench-{trials}");
            var old = new GrainState<Dictionary<string, string>>(Unpaged(trials));
            var oldWrite = await BestAsync(() => storage.WriteStateAsync(SweepLogStore.HeadStateName, id, old));
            var oldSerialize = await BestAsync(() => { serializer.Serialize(old.State); return Task.CompletedTask; });
            var json = await BestAsync(() => { providersDefault.Serialize(old.State); return Task.CompletedTask; });
            var oldBytes = serializer.Serialize(old.State).ToMemory().Length;
            // Write k of a sweep held k trials: the sweep's writes cost as many writes of half its log.
            old.State = Unpaged(trials / 2);
            var oldHalfWrite = await BestAsync(() => storage.WriteStateAsync(SweepLogStore.HeadStateName, id, old));
            await storage.ClearStateAsync(SweepLogStore.HeadStateName, id, old);

            var head = new GrainState<SweepCoordinatorState>(Head(trials));
            var headWrite = await BestAsync(() => storage.WriteStateAsync(SweepLogStore.HeadStateName, id, head));
            var headSerialize = await BestAsync(() => { serializer.Serialize(head.State); return Task.CompletedTask; });
            var headBytes = serializer.Serialize(head.State).ToMemory().Length;
            await storage.ClearStateAsync(SweepLogStore.HeadStateName, id, head);
            var pageId = new SweepLogStore(storage, id).PageId(0);
            var page = new GrainState<SweepLogPage>(new SweepLogPage { Entries = [.. Entries(0, SweepLogStore.PageSize / EntriesPerDecision)] });
            var pageWrite = await BestAsync(() => storage.WriteStateAsync(SweepLogStore.PageStateName, pageId, page));
            var pageBytes = serializer.Serialize(page.State).ToMemory().Length;
            await storage.ClearStateAsync(SweepLogStore.PageStateName, pageId, page);

            var decisionBytes = headBytes + pageBytes / (double)decisionsPerPage;
            var decisionWrite = headWrite + pageWrite / decisionsPerPage;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {trials:N0} | {oldBytes:N0} | {oldWrite:F0} | {oldSerialize:F0} | {json:F0} | {headBytes:N0} | {headWrite:F0} | {headSerialize:F0} | {pageBytes:N0} | {pageWrite:F0} | {decisionBytes:N0} | {decisionWrite:F0} | {trials * oldHalfWrite / 1e6:F3} → {trials * decisionWrite / 1e6:F3} |"));
        }
        output.WriteLine();
    }

    private static async Task<double> BestAsync(Func<Task> action)
    {
        await action();
        var best = double.MaxValue;
        for (var i = 0; i < 15; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            best = Math.Min(best, clock.Elapsed.TotalMicroseconds);
        }
        return best;
    }

    private static string Spec => BenchSpecs.Quadratic("""{"kind":"grid","min":1e-5,"max":1,"pointsPerDecade":10,"metric":"trainLoss"}""");

    /// <summary>A log of <paramref name="trials"/> requests and outcomes as the coordinator wrote it before the paged log.</summary>
    private static Dictionary<string, string> Unpaged(int trials) => UnpagedState.Of(Spec, Enumerable.Range(0, trials).Select(Trial));

    /// <summary>The head of a paged log of <paramref name="trials"/> trials, its tail half a page: what a decision writes on average.</summary>
    private static SweepCoordinatorState Head(int trials) => new()
    {
        SpecJson = Spec,
        Phase = SweepPhase.Running,
        StartedUtc = DateTime.UtcNow,
        SealedPages = trials * EntriesPerDecision / SweepLogStore.PageSize,
        Tail = [.. Entries(trials, SweepLogStore.PageSize / 2 / EntriesPerDecision)],
    };

    /// <summary>The entries of <paramref name="count"/> trials from trial <paramref name="first"/>: each one's request and end.</summary>
    internal static IEnumerable<SweepLogEntry> Entries(int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            var (request, outcome) = Trial(i);
            yield return RequestIssued.Of(request);
            yield return new OutcomeReported(outcome);
        }
    }

    internal static (TrialRequest Request, TrialOutcome Outcome) Trial(int i)
    {
        var request = new TrialRequest(TrialRequest.KeyOf(0, 0, i), 0, 0, 1e-5 * Math.Pow(1e5, i / 10_000.0), TrialPurpose.Train);
        return (request, new TrialOutcome(request.Key, 0, 0, request.LearningRate, TrialStatus.Completed, 0.123456789012, 0.1345678901234,
            0.9123, 30, 25.5, Verdict.Good, 0.0123456));
    }
}
