using System.Diagnostics;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Results;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// The tests share one cluster and run one at a time; each cancels what it left running (<see cref="DisposeAsync"/>)
/// and waits for it to end, so that no test starts with another test's trial holding a slot.
/// </summary>
public sealed class TrialGrainTests(ThreeSiloCluster fixture, ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>, IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<string> _started = [];

    public async ValueTask DisposeAsync()
    {
        var unfinished = _started.Where(id => fixture.Recorder.Count(id) == 0).ToArray();
        await Task.WhenAll(unfinished.Select(id => fixture.Trial(id).Cancel()));
        await Eventually.HoldsAsync(() => fixture.Recorder.AllFinished(unfinished), Patience, "this test's trials ended after cancel");
    }

    private Task<TrialProgress> StartAsync(string id, TrialStart request)
    {
        lock (_started) _started.Add(id);
        return fixture.Trial(id).Start(request);
    }

    [Fact]
    public async Task TwelveShortTrialsAllCompleteSpreadOverTheThreeSilos()
    {
        var ids = Enumerable.Range(0, 12).Select(i => $"{Specs.NewId("s-spread")}/0/{i}").ToArray();
        // Half a second each or so: on one slot per silo most of them queue, so placement sees every silo's load.
        var started = await Task.WhenAll(ids.Select(id => StartAsync(id, Specs.Long(epochs: 100))));
        Assert.All(started, s => Assert.Contains(s.Phase, new[] { TrialPhase.Queued, TrialPhase.Running }));

        await Eventually.HoldsAsync(() => fixture.Recorder.AllFinished(ids), Patience, "all 12 trials finished");
        var results = await Task.WhenAll(ids.Select(id => fixture.Trial(id).GetResult()));
        Assert.All(results, r => Assert.Equal(TrialPhase.Completed, r!.Phase));
        Assert.All(results, r => Assert.Equal(100 * Specs.StepsPerLongEpoch, r!.Trial.Steps));
        var perSilo = results.GroupBy(r => r!.Silo).ToDictionary(g => g.Key!, g => g.Count());
        output.WriteLine("spread: " + string.Join(", ", perSilo.Select(p => $"{p.Key}={p.Value}")));
        // Placement reads load reports up to a second old, and a silo whose trials finish early rightly gets more:
        // an even 4/4/4 is not promised, but every silo must take part and none may take more than half.
        Assert.Equal(3, perSilo.Count);
        Assert.All(perSilo.Values, n => Assert.InRange(n, 1, 6));
        Assert.All(ids, id => Assert.Equal(1, fixture.Recorder.Count(id)));
    }

    [Fact]
    public async Task AFinishedTrialCarriesTheContractTrialWithItsSiloAndAttempts()
    {
        var sweepId = Specs.NewId("s-result");
        var id = $"{sweepId}/1/7";
        var start = Specs.Short(sweepId: sweepId, stage: 2);
        await StartAsync(id, start);
        await Eventually.HoldsAsync(() => fixture.Recorder.Count(id) > 0, Patience, "the trial finished");

        var result = (await fixture.Trial(id).GetResult())!;
        var trial = result.Trial;
        Assert.Equal(id, trial.TrialId);
        Assert.Equal(2, trial.Stage);
        Assert.Equal(TrialStatus.Completed, trial.Status);
        Assert.Equal(300, trial.Steps);
        Assert.Equal(1, trial.Attempts);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", trial.Silo);
        Assert.NotNull(trial.History);
        Assert.Equal(300, trial.History!.Epochs.Count);
        Assert.Equal((id, 1, trial.Silo), (result.TrialId, result.Attempts, result.Silo));
        // The end a coordinator reads: the outcome of the request the trial was started for, keyed as its sweep knows it.
        var request = new Engine.Search.TrialRequest("1/7", 0, 2, start.LearningRate, Engine.Search.TrialPurpose.Train);
        Assert.Equal(new TrialEnd(result.ToOutcome(request), trial.Silo), await fixture.Trial(id).GetFigures());
    }

    [Fact]
    public async Task StartingAStartedOrFinishedTrialAgainNeverRerunsIt()
    {
        var id = $"{Specs.NewId("s-again")}/0/0";
        await StartAsync(id, Specs.Short());
        await StartAsync(id, Specs.Short());
        await Eventually.HoldsAsync(() => fixture.Recorder.Count(id) > 0, Patience, "the trial finished");
        var again = await StartAsync(id, Specs.Short());
        // Another run under the same id is refused, not answered as if it were this one.
        var other = await Assert.ThrowsAsync<ArgumentException>(() => StartAsync(id, Specs.Short().AtRate(0.25)));
        output.WriteLine(other.Message);

        Assert.Equal(TrialPhase.Completed, again.Phase);
        Assert.Equal(1, again.Attempts);
        Assert.Contains("η 0.25", other.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => StartAsync(id, Specs.Long()));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(1, fixture.Recorder.Count(id));
    }

    [Fact]
    public async Task GetStatusAnswersQuicklyWhileTheTrialTrains()
    {
        var id = $"{Specs.NewId("s-status")}/0/0";
        var grain = fixture.Trial(id);
        await StartAsync(id, Specs.Long());
        await Eventually.HoldsAsync(async () => (await grain.GetStatus()).Step > 0, Patience, "training started");

        var slowest = TimeSpan.Zero;
        long lastStep = 0;
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            var status = await grain.GetStatus();
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            Assert.Equal(TrialPhase.Running, status.Phase);
            Assert.True(status.Step >= lastStep);
            lastStep = status.Step;
            Assert.True(double.IsFinite(status.Loss));
            Assert.Equal(0.01, status.LearningRate, 12);
            Assert.Equal(1_000_000, status.TotalEpochs);
            Assert.Equal(1_000_000L * Specs.StepsPerLongEpoch, status.TotalSteps);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        output.WriteLine($"slowest GetStatus while training: {slowest.TotalMilliseconds:0} ms");
        Assert.True(slowest < TimeSpan.FromMilliseconds(500), $"GetStatus took {slowest.TotalMilliseconds:0} ms");
        await grain.Cancel();
    }

    [Fact]
    public async Task WatchStreamsRisingStepsUntilTheEnd()
    {
        var id = $"{Specs.NewId("s-watch")}/0/0";
        var grain = fixture.Trial(id);
        await StartAsync(id, Specs.Long());

        var seen = new List<TrialProgress>();
        var gaps = new List<double>();
        var last = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        await foreach (var progress in grain.Watch(timeout.Token))
        {
            seen.Add(progress);
            gaps.Add(last.Elapsed.TotalMilliseconds);
            last.Restart();
            // Enough running updates seen: end it, and the stream must end with it.
            if (seen.Count(s => s.Phase == TrialPhase.Running) == 4) await grain.Cancel();
        }

        output.WriteLine($"{seen.Count} updates, ms between: {string.Join(" ", gaps.Select(g => g.ToString("0")))}; steps {string.Join(" ", seen.Select(s => s.Step))}");
        Assert.True(seen.Count(s => s.Phase == TrialPhase.Running) >= 4);
        Assert.Equal(TrialPhase.Cancelled, seen[^1].Phase);
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.Second.Step >= p.First.Step));
    }

    [Fact]
    public async Task CancelStopsARunningTrialWithinAStep()
    {
        var id = $"{Specs.NewId("s-cancel")}/0/0";
        var grain = fixture.Trial(id);
        await StartAsync(id, Specs.Long());
        await Eventually.HoldsAsync(async () => (await grain.GetStatus()).Step > 1000, Patience, "training started");

        var clock = Stopwatch.StartNew();
        await grain.Cancel();
        await Eventually.HoldsAsync(() => fixture.Recorder.Count(id) > 0, TimeSpan.FromSeconds(30), "the cancelled trial ended");
        output.WriteLine($"cancel took effect in {clock.Elapsed.TotalMilliseconds:0} ms");

        var trial = (await grain.GetResult())!.Trial;
        Assert.Equal(TrialStatus.Cancelled, trial.Status);
        Assert.InRange(trial.Steps, 1000, 1_000_000L * Specs.StepsPerLongEpoch - 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task CancelWhileQueuedEndsTheTrialWithoutTraining()
    {
        // Fill every slot of the cluster (a load report just before may be stale: add blockers until every silo
        // trains one), then one more has to wait in a queue.
        var blockers = new List<string>();
        async Task<int> RunningAsync() => (await Task.WhenAll(blockers.Select(b => fixture.Trial(b).GetStatus()))).Count(s => s.Phase == TrialPhase.Running);
        while (blockers.Count < 12 && await RunningAsync() < 3 * ThreeSiloCluster.SlotsPerSilo)
        {
            var more = Enumerable.Range(0, 3 * ThreeSiloCluster.SlotsPerSilo - await RunningAsync()).Select(_ => $"{Specs.NewId("s-block")}/0/0").ToArray();
            blockers.AddRange(more);
            await Task.WhenAll(more.Select(b => StartAsync(b, Specs.Long())));
            await Task.Delay(300, TestContext.Current.CancellationToken);
        }
        await Task.Delay(1500, TestContext.Current.CancellationToken);   // a load report that shows every silo full
        var id = $"{Specs.NewId("s-queued")}/0/0";
        var status = await StartAsync(id, Specs.Long());
        var blockerStatus = await Task.WhenAll(blockers.Select(b => fixture.Trial(b).GetStatus()));
        output.WriteLine($"blockers: {string.Join(", ", blockerStatus.Select(b => $"{b.Phase} on {b.Silo} at step {b.Step}"))}; the queued trial on {status.Silo}");
        Assert.Equal(TrialPhase.Queued, status.Phase);

        await fixture.Trial(id).Cancel();
        await Eventually.HoldsAsync(() => fixture.Recorder.Count(id) > 0, TimeSpan.FromSeconds(30), "the queued trial ended");
        var trial = (await fixture.Trial(id).GetResult())!.Trial;
        Assert.Equal(TrialStatus.Cancelled, trial.Status);
        Assert.Equal(0, trial.Steps);
    }

    [Fact]
    public async Task StopEndsTheTrialAsStoppedAtAnEpochEnd()
    {
        var id = $"{Specs.NewId("s-stop")}/0/0";
        var grain = fixture.Trial(id);
        await StartAsync(id, Specs.Long());
        await Eventually.HoldsAsync(async () => (await grain.GetStatus()).Step > 100, Patience, "training started");
        await grain.Stop();
        await Eventually.HoldsAsync(() => fixture.Recorder.Count(id) > 0, TimeSpan.FromSeconds(30), "the stopped trial ended");
        Assert.Equal(TrialStatus.Stopped, (await grain.GetResult())!.Trial.Status);
    }

    [Fact]
    public async Task ABadRequestIsRefusedAtStartAndNothingIsStored()
    {
        var grain = fixture.Trial($"{Specs.NewId("s-bad")}/0/0");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => grain.Start(Specs.Short().AtRate(-0.1)));
        output.WriteLine(e.Message);
        Assert.Equal(TrialPhase.Pending, (await grain.GetStatus()).Phase);
        await Assert.ThrowsAsync<ArgumentException>(() => grain.Start(Specs.Short().AtRate(double.NaN)));
    }

    [Fact]
    public async Task TheLoadBoardListsEverySiloWithItsSlots()
    {
        await Eventually.HoldsAsync(async () => (await fixture.Client.GetGrain<Grains.Load.IClusterLoadGrain>(0).GetSilos()).Count == 3,
            TimeSpan.FromSeconds(10), "three silos on the board");
        var silos = await fixture.Client.GetGrain<Grains.Load.IClusterLoadGrain>(0).GetSilos();
        Assert.All(silos, s => Assert.Equal(ThreeSiloCluster.SlotsPerSilo, s.Slots));
    }
}
