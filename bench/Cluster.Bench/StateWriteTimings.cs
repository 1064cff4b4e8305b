using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
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
/// What one write of the coordinator's state costs as a sweep grows: the state is the whole log (every request and
/// outcome), and grain storage writes a state whole, so a decision's write grows with the trials before it and a
/// sweep's writes with the square of its trials. Written through the silo's own storage provider; the serializer
/// Orleans' providers use by default (Newtonsoft JSON) is timed alongside for comparison. Best of 15: on a shared
/// machine the best is the cost, the rest is other processes.
/// </summary>
internal static class StateWriteTimings
{
    public static async Task RunAsync(EmbeddedSilo silo, TextWriter output)
    {
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(SweepStorage.Name);
        var serializer = silo.Services.GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>().Get(SweepStorage.Name).GrainStorageSerializer;
        var providersDefault = silo.Services.GetRequiredService<IGrainStorageSerializer>();
        output.WriteLine("## Coordinator state write (in-memory storage; best of 15)");
        output.WriteLine();
        output.WriteLine($"| trials in the log | state bytes | µs per write | µs to serialize | µs to serialize with {providersDefault.GetType().Name} (the providers' default) | a sweep's writes, s (one a trial) |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var trials in new[] { 100, 1_000, 10_000 })
        {
            var state = new GrainState<SweepCoordinatorState>(Log(trials));
            var id = GrainId.Create("sweepcoordinator", $"s-bench-{trials}");
            var write = await BestAsync(() => storage.WriteStateAsync("sweep", id, state));
            var serialize = await BestAsync(() => { serializer.Serialize(state.State); return Task.CompletedTask; });
            var json = await BestAsync(() => { providersDefault.Serialize(state.State); return Task.CompletedTask; });
            var bytes = serializer.Serialize(state.State).ToMemory().Length;
            await storage.ClearStateAsync("sweep", id, state);
            // Write k of a sweep holds k trials: on average half the final log.
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {trials:N0} | {bytes:N0} | {write:F0} | {serialize:F0} | {json:F0} | {trials * write / 2 / 1e6:F2} |"));
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

    /// <summary>A log of <paramref name="trials"/> requests and outcomes as the coordinator writes them.</summary>
    private static SweepCoordinatorState Log(int trials)
    {
        var options = new JsonSerializerOptions(SpecJson.Options) { WriteIndented = false };
        var spec = BenchSpecs.Quadratic("""{"kind":"grid","min":1e-5,"max":1,"pointsPerDecade":10,"metric":"trainLoss"}""");
        var state = new SweepCoordinatorState { SpecJson = spec, Phase = SweepPhase.Running, StartedUtc = DateTime.UtcNow };
        for (var i = 0; i < trials; i++)
        {
            var request = new TrialRequest(TrialRequest.KeyOf(0, 0, i), 0, 0, 1e-5 * Math.Pow(1e5, i / (double)trials), TrialPurpose.Train);
            var outcome = new TrialOutcome(request.Key, 0, 0, request.LearningRate, TrialStatus.Completed, 0.123456789012, 0.1345678901234,
                0.9123, 30, 25.5, Verdict.Good, 0.0123456);
            state.Issued[request.Key] = JsonSerializer.Serialize(request, options);
            state.Finished[request.Key] = JsonSerializer.Serialize(outcome, options);
        }
        return state;
    }
}
