using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SweepCluster.Client;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// The `sweep` verbs ride through a cluster's faults. Three real silo processes on their own Redis, with Orleans' default
/// failure detection (a killed silo is declared dead only after tens of seconds), run a sweep while clients call
/// status, status --json, list, results and results --format csv in a loop and a watch follows it; meanwhile a silo
/// that is not the coordinator's is killed with kill -9, then the coordinator's, then the new coordinator's silo is
/// paused (SIGSTOP) for 40 s. No verb fails, none prints an exception or a stack frame, the watch sees the sweep to its
/// end, and the sweep is the undisturbed one: each trial once, with the local runner's losses and best η.
/// </summary>
public sealed partial class ClientFaultTests(ITestOutputHelper output)
{
    private const int Trials = 12;
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(120);

    // Training the sweep takes about this long on one core, whatever the machine's speed and load when the test runs
    // (measured first): with the stalls of the faults, the sweep outlives them, and it costs no more than a core.
    private static readonly TimeSpan Compute = TimeSpan.FromSeconds(70);

    /// <summary>
    /// One trial at a time (concurrency 1), each a few seconds of logistic regression, so that the local reference
    /// runs beside the cluster on the other core.
    /// </summary>
    private static string Spec(int epochs, int trials = Trials) =>
        """{"name":"faults","data":{"source":"synthetic","task":"logistic","samples":12000,"features":100,"noise":1,"seed":7,"validationSize":2000},"model":{"kind":"logistic"},"optimizer":{"kind":"sgd"},"training":{"batchSize":64,"epochs":"""
        + epochs + ""","seed":1},"search":{"kind":"grid","concurrency":1,"learningRates":["""
        + string.Join(",", Enumerable.Range(0, trials).Select(i => Math.Pow(10, -3 + 3.0 * i / Math.Max(1, trials - 1)).ToString("R", CultureInfo.InvariantCulture)))
        + """],"metric":"validationLoss"}}""";

    private static readonly string[][] LoopedVerbs = [["status"], ["status", "--json"], ["list"], ["results"], ["results", "--format", "csv"]];

    [GeneratedRegex(@"trials: [1-9][0-9]* done")]
    private static partial Regex TrialsDone();

    [GeneratedRegex(@"coordinator: (127\.0\.0\.1:\d+)")]
    private static partial Regex CoordinatorLine();

    [Fact]
    public async Task EveryVerbRidesThroughKilledAndPausedSilosAndTheSweepIsTheUndisturbedOne()
    {
        var cancel = TestContext.Current.CancellationToken;
        var epochs = Epochs();
        var spec = Spec(epochs);
        output.WriteLine($"{epochs} epochs a trial: about {Compute.TotalSeconds:0} s of training on one core of this machine now");
        var reference = Task.Run(() => SweepResults.Reference(spec), cancel);
        var clock = Stopwatch.StartNew();
        var redis = new RedisServer();
        await redis.InitializeAsync();
        var silos = new List<SiloProcess>();
        var calls = new ConcurrentBag<VerbCall>();
        try
        {
            silos.AddRange(await StartSilosAsync(redis, 3));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: 3 silos with default failure detection: {string.Join(", ", silos.Select(s => s.Address))}");
            var specFile = Path.Combine(Path.GetTempPath(), $"faults-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(specFile, spec, cancel);
            var submit = await SweepAsync(redis, calls, cancel, "submit", specFile);
            Assert.True(submit.Code == 0, submit.Stderr);
            var sweepId = submit.Stdout.Trim();

            using var stopLoop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            // The watch lives through every fault in one process: on a loaded two-core machine, Orleans' default failure
            // detection plus the coordinator's move took up to 81 s after a kill -9, past the default 60 s per outage.
            var watch = Task.Run(() => SweepAsync(redis, calls, cancel, "watch", sweepId, "--wait-seconds", "150"), cancel);
            var loop = Task.Run(() => LoopAsync(redis, calls, sweepId, stopLoop.Token), cancel);

            var coordinator = await CoordinatorAsync(redis, calls, sweepId, silos, cancel);
            await Eventually.HoldsAsync(async () => TrialsDone().IsMatch((await SweepAsync(redis, calls, cancel, "status", sweepId)).Stdout) || watch.IsCompleted,
                TimeSpan.FromSeconds(120), "a trial done");

            // (a) kill -9 of a silo that is not the coordinator's, and a new one in its place.
            var other = silos.First(s => s.Address != coordinator && !s.HasExited);
            other.Kill();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: killed {other.Address} (not the coordinator's)");
            silos.AddRange(await StartSilosAsync(redis, 1));
            await Task.Delay(TimeSpan.FromSeconds(5), cancel);

            // (b) kill -9 of the coordinator's silo; the coordinator answers again from another once it is declared dead.
            silos.Single(s => s.Address == coordinator).Kill();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: killed {coordinator} (the coordinator's)");
            silos.AddRange(await StartSilosAsync(redis, 1));
            var killed = coordinator;
            await Eventually.HoldsAsync(async () => (coordinator = await CoordinatorAsync(redis, calls, sweepId, silos, cancel)) != killed,
                TimeSpan.FromSeconds(120), "the coordinator on another silo");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: the coordinator answers from {coordinator}");

            // (c) the coordinator's silo paused for 40 s, then let go (declared dead meanwhile, it stops itself).
            var paused = silos.Single(s => s.Address == coordinator);
            paused.Pause();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: paused {paused.Address} (the coordinator's); the watch {(watch.IsCompleted ? "had ended" : "goes on")}");
            await Task.Delay(Pause, cancel);
            paused.Resume();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: resumed {paused.Address}");
            await Task.Delay(TimeSpan.FromSeconds(5), cancel);
            if (paused.HasExited)
            {
                output.WriteLine($"{paused.Address} had been declared dead and stopped itself; a new silo in its place");
                silos.Add(StartSilo(redis));
            }

            var watched = await watch.WaitAsync(TimeSpan.FromSeconds(180), cancel);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0} s: watch ended, exit {watched.Code}");
            await stopLoop.CancelAsync();
            await loop;

            var results = await SweepAsync(redis, calls, cancel, "results", sweepId);
            Assert.True(results.Code == 0, results.Stderr);
            var result = JsonSerializer.Deserialize<SweepResult>(results.Stdout, SpecJson.Options)!;
            Report(calls);

            Assert.True(watched.Code == 0, watched.Stderr);
            Assert.Contains("completed: ", watched.Stderr);
            Assert.All(calls, c => Assert.True(c.Code == 0, $"{c.Verb} exited {c.Code}: {c.Stderr}"));
            Assert.All(calls, c => Assert.DoesNotContain("Exception", c.Stdout + c.Stderr));
            Assert.All(calls, c => Assert.DoesNotContain("   at ", c.Stdout + c.Stderr));
            Assert.All(calls.Where(c => c.Verb is "results" or "status --json"), c => JsonDocument.Parse(c.Stdout).Dispose());
            Assert.All(calls.Where(c => c.Verb == "results --format csv"), c => Assert.StartsWith("sweepId,trialId,", c.Stdout));
            SweepResults.AssertSameSearch(await reference, result);
            output.WriteLine($"best η {result.Best!.LearningRate:G6}, as the undisturbed run; {result.Trials.Count} trials, each once; {clock.Elapsed.TotalSeconds:0} s in all");
        }
        catch
        {
            foreach (var silo in silos)
                output.WriteLine($"--- silo {silo.Address} ---\n{(silo.Log.Length > 3000 ? silo.Log[^3000..] : silo.Log)}");
            Report(calls);
            throw;
        }
        finally
        {
            foreach (var silo in silos) silo.Kill();
            foreach (var silo in silos) await silo.DisposeAsync();
            await redis.DisposeAsync();
        }
    }

    /// <summary>Every looped verb, one after another, until stopped: each a client of its own, as a user's shell would run them.</summary>
    private static async Task LoopAsync(RedisServer redis, ConcurrentBag<VerbCall> calls, string sweepId, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var verb in LoopedVerbs)
            {
                if (stop.IsCancellationRequested) return;
                // Not cancelled by the stop: a call under way is seen to its end and counted.
                string[] args = verb[0] == "list" ? verb : [verb[0], sweepId, .. verb[1..]];
                await SweepAsync(redis, calls, CancellationToken.None, args, name: string.Join(' ', verb));
            }
        }
    }

    /// <summary>The coordinator's silo as a live status says it (a stored one names none).</summary>
    private static async Task<string> CoordinatorAsync(RedisServer redis, ConcurrentBag<VerbCall> calls, string sweepId, List<SiloProcess> silos, CancellationToken cancel)
    {
        while (true)
        {
            var status = await SweepAsync(redis, calls, cancel, "status", sweepId);
            if (CoordinatorLine().Match(status.Stdout) is { Success: true } match && silos.Any(s => s.Address == match.Groups[1].Value && !s.HasExited))
                return match.Groups[1].Value;
            await Task.Delay(TimeSpan.FromSeconds(1), cancel);
        }
    }

    private static async Task<SiloProcess[]> StartSilosAsync(RedisServer redis, int count)
    {
        var started = Enumerable.Range(0, count).Select(_ => StartSilo(redis)).ToArray();
        await Task.WhenAll(started.Select(s => s.WaitHealthyAsync(StartPatience)));
        return started;
    }

    /// <summary>A silo in the cluster the verbs join by default ("sweep"), with Orleans' default failure detection; it joins on its own.</summary>
    private static SiloProcess StartSilo(RedisServer redis) => SiloProcess.Start(redis.ConnectionString, "sweep", slots: 1, fastFailureDetection: false);

    /// <summary>Epochs a trial so that the sweep's trials take about <see cref="Compute"/> on one core, timed on a short run here.</summary>
    private static int Epochs()
    {
        const int probe = 40;
        var runner = new LocalSweepRunner(1);
        runner.Run(SpecParser.Parse(Spec(probe, trials: 1)));   // the JIT's first pass, not timed
        var clock = Stopwatch.StartNew();
        runner.Run(SpecParser.Parse(Spec(probe, trials: 1)));
        var perEpoch = clock.Elapsed / probe;
        return (int)Math.Clamp(Compute / (perEpoch * Trials), 50, 5000);
    }

    private static Task<VerbCall> SweepAsync(RedisServer redis, ConcurrentBag<VerbCall> calls, CancellationToken cancel, params string[] args) =>
        SweepAsync(redis, calls, cancel, args, name: args[0]);

    /// <summary>`sweep ARGS --redis ...` in this process, recorded with its output and how long it took.</summary>
    private static async Task<VerbCall> SweepAsync(RedisServer redis, ConcurrentBag<VerbCall> calls, CancellationToken cancel, string[] args, string name)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var clock = Stopwatch.StartNew();
        var code = await SweepCommand.RunAsync([.. args, "--redis", redis.ConnectionString], stdout, stderr, cancel);
        var call = new VerbCall(name, code, stdout.ToString(), stderr.ToString(), clock.Elapsed);
        calls.Add(call);
        return call;
    }

    private void Report(IEnumerable<VerbCall> calls)
    {
        foreach (var verb in calls.GroupBy(c => c.Verb).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var longest = verb.MaxBy(c => c.Took)!;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{verb.Key}: {verb.Count()} calls, {verb.Count(c => c.Code != 0)} failed, {verb.Count(c => c.Stderr.Contains("coordinator not answering", StringComparison.Ordinal))} from the stored state, longest {longest.Took.TotalSeconds:0.0} s"));
        }
        var waits = calls.Where(c => c.Verb != "watch").ToArray();
        if (waits.Length > 0) output.WriteLine($"longest wait of a verb (watch aside): {waits.Max(c => c.Took).TotalSeconds:0.0} s");
        foreach (var note in calls.SelectMany(c => c.Stderr.Split('\n')).Where(l => l.Contains("cluster", StringComparison.Ordinal) || l.Contains("coordinator not", StringComparison.Ordinal)).Distinct().Take(20))
            output.WriteLine($"  note: {note.TrimEnd()}");
        foreach (var failed in calls.Where(c => c.Code != 0).Take(10))
            output.WriteLine($"FAILED {failed.Verb} ({failed.Took.TotalSeconds:0.0} s): {failed.Stderr}");
    }

    private sealed record VerbCall(string Verb, int Code, string Stdout, string Stderr, TimeSpan Took);
}
