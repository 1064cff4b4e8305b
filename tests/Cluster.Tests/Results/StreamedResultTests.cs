using System.Text;
using System.Text.RegularExpressions;
using SweepCluster.Client.Results;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests.Results;

/// <summary>
/// A Sweep result read in pieces (header, pages of keys, each trial from its grain) and written trial by trial is the
/// coordinator's whole <c>GetResult</c>, byte for byte, JSON with or without histories and CSV alike: for grids,
/// coarse-to-fine searches with arms, a range test, a refinement's inherited trials, and sweeps still running.
/// </summary>
public sealed partial class StreamedResultTests(SmallMessageSilo silo) : IClassFixture<SmallMessageSilo>
{
    private const string Arms = """[{"name":"plain"},{"name":"momentum, \"heavy ball\"","optimizer":{"kind":"sgd","momentum":0.9}}]""";

    private static string Quadratic(string search) =>
        """{"name":"streamed","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":20},"search":"""
        + search + "}";

    private static readonly string GridWithArms =
        Quadratic($$"""{"kind":"grid","learningRates":[0.001,0.01,0.04,0.06],"metric":"trainLoss","arms":{{Arms}}}""");

    private static readonly string CoarseToFineWithArms =
        Quadratic($$"""{"kind":"coarse-to-fine","min":0.0001,"max":0.1,"pointsPerDecade":1,"refinements":2,"pointsPerRefinement":3,"metric":"trainLoss","arms":{{Arms}}}""");

    private static readonly string RangeTestThenGrid =
        Quadratic("""{"kind":"lr-finder-then-grid","min":0.0001,"max":10,"steps":60,"pointsPerRefinement":3,"metric":"trainLoss"}""");

    public static readonly TheoryData<string> Finished = new() { GridWithArms, CoarseToFineWithArms, RangeTestThenGrid };

    /// <summary>
    /// A quick arm and an endless one, at most two runs in flight: the quick arm, which gets every free place first (it
    /// has the fewest in flight), finishes its whole search, and then the endless arm's first two runs train until
    /// cancelled. What the result lists stays put while it is read twice.
    /// </summary>
    private static string QuickAndEndless(string search) =>
        """{"name":"running","data":{"source":"synthetic","task":"logistic","samples":4000,"features":200,"validationSize":64},"model":{"kind":"logistic"},"optimizer":{"kind":"sgd"},"training":{"batchSize":64,"epochs":2},"search":"""
        + search[..^1] + ""","concurrency":2,"arms":[{"name":"quick"},{"name":"endless","training":{"epochs":1000000}}]}}""";

    public static readonly TheoryData<string> Running = new()
    {
        QuickAndEndless("""{"kind":"grid","learningRates":[0.003,0.01,0.03]}"""),
        QuickAndEndless("""{"kind":"coarse-to-fine","min":0.001,"max":0.1,"pointsPerDecade":1,"refinements":1,"pointsPerRefinement":3}"""),
    };

    [GeneratedRegex(@"(?m)^  ""wallSeconds"": [^,\r\n]+")]
    private static partial Regex SweepWallSeconds();

    [Theory]
    [MemberData(nameof(Finished))]
    public async Task AFinishedSweepStreamsAsItsWholeResult(string spec)
    {
        var sweepId = await RunAsync(spec);
        await AssertStreamedIsWholeAsync(sweepId, running: false);
    }

    [Fact]
    public async Task ARefinementsInheritedTrialsStreamInTheirPlace()
    {
        var parentId = await RunAsync(CoarseToFineWithArms);
        var childId = Specs.NewId("s");
        await Sweep(childId).Refine(parentId, 1, 3);
        await EndAsync(childId);
        await AssertStreamedIsWholeAsync(childId, running: false);
    }

    [Theory]
    [MemberData(nameof(Running))]
    public async Task ARunningSweepStreamsAsItsWholeResultSoFar(string spec)
    {
        // The quick arm alone, searched in this process: how many trials it has once its search is over.
        var quick = SweepResults.Reference(spec.Replace(""",{"name":"endless","training":{"epochs":1000000}}""", "", StringComparison.Ordinal)).Trials.Count;
        var sweepId = Specs.NewId("s");
        await Sweep(sweepId).Submit(spec);
        try
        {
            await Eventually.HoldsAsync(async () => await Sweep(sweepId).GetStatus() is { } s
                    && s.Counts.GetValueOrDefault(TrialPhase.Completed) + s.Counts.GetValueOrDefault(TrialPhase.Diverged) == quick
                    && s.Counts.GetValueOrDefault(TrialPhase.Running) == 2,
                TimeSpan.FromSeconds(90), $"the quick arm's {quick} trials done, two endless ones training");
            await AssertStreamedIsWholeAsync(sweepId, running: true);
        }
        finally
        {
            await Sweep(sweepId).Cancel();
        }
    }

    [Fact]
    public async Task TheVerbsWriteTheWholeResultAsTheyAlwaysHave()
    {
        var spec = CoarseToFineWithArms;
        var specFile = silo.TempFile("spec.json");
        await File.WriteAllTextAsync(specFile, spec, TestContext.Current.CancellationToken);
        var runFile = silo.TempFile("run.json");
        var (code, _, stderr) = await silo.SweepAsync("run", specFile, "--out", runFile);
        Assert.True(code == 0, stderr);
        var sweepId = Regex.Match(stderr, @"sweep (s-[0-9a-f]{8})").Groups[1].Value;
        var whole = (await Sweep(sweepId).GetResult(includeHistories: true)).Json + Environment.NewLine;
        Assert.Equal(whole, await File.ReadAllTextAsync(runFile, TestContext.Current.CancellationToken));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(runFile)!, "*.partial"));

        (code, var stdout, stderr) = await silo.SweepAsync("results", sweepId);
        Assert.True(code == 0, stderr);
        Assert.Equal(whole, stdout);
        (code, stdout, stderr) = await silo.SweepAsync("status", sweepId, "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal((await Sweep(sweepId).GetResult(includeHistories: false)).Json + Environment.NewLine, stdout);
        (code, stdout, stderr) = await silo.SweepAsync("results", sweepId, "--format", "csv");
        Assert.True(code == 0, stderr);
        Assert.Equal(TrialCsv.Write(SweepResults.Read(await Sweep(sweepId).GetResult(includeHistories: false))), stdout);
    }

    /// <summary>Both JSON forms and the CSV, each read whole and streamed; a running sweep's wall clock moves between the two.</summary>
    private async Task AssertStreamedIsWholeAsync(string sweepId, bool running)
    {
        foreach (var histories in new[] { true, false })
        {
            var whole = (await Sweep(sweepId).GetResult(histories)).Json + Environment.NewLine;
            var streamed = await StreamAsync(sweepId, (source, destination) => SweepResultStream.WriteJsonAsync(source, histories, destination));
            Assert.Equal(running ? SweepWallSeconds().Replace(whole, "") : whole, running ? SweepWallSeconds().Replace(streamed, "") : streamed);
            Assert.Contains("\"trials\": [", streamed);
        }
        var csv = TrialCsv.Write(SweepResults.Read(await Sweep(sweepId).GetResult(includeHistories: false)));
        Assert.Equal(csv, await StreamAsync(sweepId, (source, destination) => TrialCsv.WriteAsync(source, destination)));
    }

    private async Task<string> StreamAsync(string sweepId, Func<SweepResultReader, Stream, Task> write)
    {
        var source = await SweepResultReader.OpenAsync(silo.Client, sweepId);
        using var destination = new MemoryStream();
        await write(source, destination);
        return Encoding.UTF8.GetString(destination.ToArray());
    }

    private async Task<string> RunAsync(string spec)
    {
        var sweepId = Specs.NewId("s");
        await Sweep(sweepId).Submit(spec);
        await EndAsync(sweepId);
        return sweepId;
    }

    private async Task EndAsync(string sweepId)
    {
        await Eventually.HoldsAsync(async () => (await Sweep(sweepId).GetStatus()).Status.IsTerminal(), TimeSpan.FromSeconds(60), "the sweep ended");
        Assert.Equal(SweepPhase.Completed, (await Sweep(sweepId).GetStatus()).Status);
    }

    private ISweepCoordinatorGrain Sweep(string sweepId) => silo.Client.GetGrain<ISweepCoordinatorGrain>(sweepId);
}
