using SweepCluster.Client.Report;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Tests.Cli;
using SweepCluster.Engine.Tests.Data;
using SweepCluster.Engine.Tests.Infrastructure;

namespace SweepCluster.Engine.Tests.Report;

/// <summary>
/// `sweep report` of real runs made in this process, opened in headless Chromium: the page loads with no console error
/// and no network request, and each chart drew the series and points its result holds.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ReportInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IDisposable
{
    private const string Logistic = """
        "data": { "source": "synthetic", "task": "logistic", "samples": 1200, "features": 8, "noise": 0.5, "seed": 2, "validationSize": 300 },
        "model": { "kind": "logistic" }, "optimizer": { "kind": "sgd" }, "training": { "epochs": 3, "batchSize": 50, "seed": 1 }
        """;

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ACoarseToFineSweepWithTwoArmsDrawsEveryTrialItsResultHolds()
    {
        // Two arms, a coarse grid and a refinement, ASHA: the momentum arm diverges at η = 100 and ASHA stops some runs.
        var spec = SpecParser.Parse($$"""
            { "name": "two-arms", {{Logistic}},
              "search": { "kind": "coarse-to-fine", "min": 1e-3, "max": 100, "refinements": 1, "pointsPerRefinement": 3,
                          "earlyStopping": { "kind": "asha", "reductionFactor": 3, "minEpochs": 1 },
                          "arms": [ { "name": "sgd" }, { "name": "momentum", "optimizer": { "kind": "sgd", "momentum": 0.9 } } ] } }
            """);
        var result = new LocalSweepRunner(1).Run(spec, "s-2a2a2a2a", TestContext.Current.CancellationToken);
        Assert.Contains(result.Trials, t => t.Status == TrialStatus.Diverged);
        Assert.Contains(result.Trials, t => t.Status == TrialStatus.Stopped);

        var (visit, html) = await ReportPages.ReportAndOpenAsync(chromium.Browser, ReportPages.WriteResult(_folder.Path, "two-arms", result), "coarse-to-fine-two-arms", output);
        var drawn = ReportPages.AssertOpenedCleanly(visit, html);

        Assert.Equal(["metric-vs-rate", "loss-curves", "rate-over-time"], drawn.Charts.Select(c => c.Id));
        string[] arms = ["sgd", "momentum"];
        int Count(int arm, TrialStatus status) => result.Trials.Count(t => t.Arm == arm && t.Status == status);
        var metric = drawn.Chart("metric-vs-rate");
        Assert.True(metric.XLog);
        Assert.Equal(
            [
                .. Enumerable.Range(0, 2).SelectMany(a => new[]
                {
                    $"{arms[a]}: {Count(a, TrialStatus.Completed)}", $"{arms[a]} · stopped early: {Count(a, TrialStatus.Stopped)}",
                    $"{arms[a]} · diverged: {Count(a, TrialStatus.Diverged)}",
                }.Where(s => !s.EndsWith(": 0", StringComparison.Ordinal))),
                "best of each arm: 2",
                $"2/L = {ReportText.G(result.Theory!.StableBelow)}: 2", $"2/(L+μ) = {ReportText.G(result.Theory.OptimalConstant)}: 2",
            ],
            metric.Described);

        // Every trial's step curve, and an epoch curve for each that finished an epoch with a validation loss.
        var losses = drawn.Chart("loss-curves");
        Assert.Equal(result.Trials.Select(t => $"{t.TrialId}: {t.History!.Steps.Count}"),
            losses.OfRole("train").Select(s => $"{s.Name.Split(' ')[0]}: {s.Points}"));
        Assert.Equal(result.Trials.Where(t => t.History!.Epochs.Count > 0).Select(t => $"{t.TrialId}: {t.History!.Epochs.Count}"),
            losses.OfRole("validation").Select(s => $"{s.Name.Split(' ')[0]}: {s.Points}"));
        Assert.Equal(losses.Series.Sum(s => s.Points), losses.DrawnPoints);

        var rates = drawn.Chart("rate-over-time");
        Assert.Equal(result.BestByArm.Select(b => result.Trials.Single(t => t.TrialId == b!.TrialId).History!.Steps.Count),
            rates.Series.Select(s => s.Points));
        Assert.Equal(new DrawnTables(result.Stages.Count, result.Trials.Count, result.Trials.Count), drawn.Tables);
    }

    [Fact]
    public async Task ASweepWhoseEveryTrialDivergedShowsItsWarningAtTheTop()
    {
        var result = new LocalSweepRunner(1).Run(Search.Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.06, 0.1, 1], "metric": "trainLoss" }"""),
            "s-d1d1d1d1", TestContext.Current.CancellationToken);
        var (visit, html) = await ReportPages.ReportAndOpenAsync(chromium.Browser, ReportPages.WriteResult(_folder.Path, "all-diverged", result), "all-diverged", output);
        var drawn = ReportPages.AssertOpenedCleanly(visit, html);
        Assert.Equal(["every trial of arm 0 (default) diverged: search below 0.06"], drawn.Warnings);
    }

    [Fact]
    public async Task AnLrFinderSweepDrawsEachArmsRangeTestWithItsThreeSuggestions()
    {
        var spec = SpecParser.Parse($$"""
            { "name": "lr-finder", {{Logistic}},
              "search": { "kind": "lr-finder", "min": 1e-5, "max": 10, "steps": 80,
                          "arms": [ { "name": "sgd" }, { "name": "adam", "optimizer": { "kind": "adam" } } ] } }
            """);
        var result = new LocalSweepRunner(2).Run(spec, "s-1f1f1f1f", TestContext.Current.CancellationToken);

        var (visit, html) = await ReportPages.ReportAndOpenAsync(chromium.Browser, ReportPages.WriteResult(_folder.Path, "lr-finder", result), "lr-finder", output);
        var drawn = ReportPages.AssertOpenedCleanly(visit, html);

        Assert.Equal(["lr-finder-0", "lr-finder-1"], drawn.Charts.Select(c => c.Id));
        for (var arm = 0; arm < 2; arm++)
        {
            var test = result.LrFinderByArm[arm]!;
            var chart = drawn.Chart($"lr-finder-{arm}");
            Assert.True(chart.XLog);
            Assert.Equal([test.Curve.Count, test.Curve.Count], chart.Series.Take(2).Select(s => s.Points));
            Assert.Equal(["raw", "smoothed", "suggestion", "suggestion", "suggestion"], chart.Series.Select(s => s.Role));
            Assert.All(chart.OfRole("suggestion"), s => Assert.Equal(1, s.Points));
            Assert.Contains(chart.OfRole("suggestion"), s => s.Name == $"valley: η {ReportText.G(test.Suggestions.Valley)} (used)");
        }
        Assert.Equal(new DrawnTables(2, 0, 0), drawn.Tables);
    }

    [Fact]
    public async Task ASingleTrialFromTrainDrawsItsLossAndTheRateItsScheduleGave()
    {
        var spec = _folder.Write("trial-spec.json", $$"""
            { "name": "one-trial", {{Logistic.Replace("\"kind\": \"sgd\"", "\"kind\": \"sgd\", \"learningRate\": 0.5, \"momentum\": 0.9", StringComparison.Ordinal)}},
              "schedule": { "kind": "cosine", "tMax": 72, "warmup": { "steps": 10, "startFactor": 0.1 } } }
            """);
        var trialFile = _folder.File("trial.json");
        var (code, _, stderr) = await SweepCliRunner.RunAsync("train", spec, "--out", trialFile);
        Assert.True(code == 0, stderr);
        var trial = System.Text.Json.JsonSerializer.Deserialize<Trial>(File.ReadAllText(trialFile), SpecJson.Options)!;

        var (visit, html) = await ReportPages.ReportAndOpenAsync(chromium.Browser, trialFile, "single-trial", output);
        var drawn = ReportPages.AssertOpenedCleanly(visit, html);

        Assert.Equal("trial", drawn.Kind);
        Assert.Equal(["loss-curves", "rate-over-time"], drawn.Charts.Select(c => c.Id));
        Assert.Equal([$"train loss (per step): {trial.History!.Steps.Count}", $"validation loss (per epoch): {trial.History.Epochs.Count}"],
            drawn.Chart("loss-curves").Described);
        Assert.Equal([trial.History.Steps.Count], drawn.Chart("rate-over-time").Series.Select(s => s.Points));
        Assert.Equal(new DrawnTables(0, 1, 1), drawn.Tables);
    }

    [Fact]
    public async Task TextFromTheResultIsShownAsTextNeverRunAsMarkup()
    {
        const string Hostile = "</script><script>console.error('ran')</script><img src=nowhere.png onerror=\"console.error('ran')\">";
        var spec = SpecParser.Parse($$"""
            { "name": {{System.Text.Json.JsonSerializer.Serialize(Hostile)}}, "model": { "kind": "quadratic", "eigenvalues": [1, 10, 40] },
              "optimizer": { "kind": "sgd" }, "training": { "epochs": 20 },
              "search": { "kind": "grid", "learningRates": [0.01, 0.04], "metric": "trainLoss", "arms": [ { "name": {{System.Text.Json.JsonSerializer.Serialize(Hostile)}} } ] } }
            """);
        var result = new LocalSweepRunner(1).Run(spec, "s-3c3c3c3c", TestContext.Current.CancellationToken);
        result = result with { Trials = [result.Trials[0] with { Status = TrialStatus.Failed, Error = Hostile }, .. result.Trials.Skip(1)] };

        const string Shown = "[document.title, document.querySelector('h1').textContent, [...document.querySelectorAll('#trials td.error')].map(e => e.textContent).find(t => t !== '—')]";
        var (visit, html) = await ReportPages.ReportAndOpenAsync(
            chromium.Browser, ReportPages.WriteResult(_folder.Path, "hostile", result), "hostile-text", output, Shown);
        ReportPages.AssertOpenedCleanly(visit, html);
        Assert.Equal([Hostile + " · sweep report", Hostile, Hostile], visit.Answers[0].EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AThousandTrialSweepKeepsItsCurvesWithinTheBudget()
    {
        // 1,000 quadratic runs of 300 steps: 300,000 recorded points, more than a page should hold.
        var spec = SpecParser.Parse("""
            { "name": "thousand", "model": { "kind": "quadratic", "eigenvalues": [1, 10, 40] }, "optimizer": { "kind": "sgd" },
              "training": { "epochs": 300 }, "search": { "kind": "grid", "min": 1e-4, "max": 0.0999, "pointsPerDecade": 333, "metric": "trainLoss" } }
            """);
        var result = new LocalSweepRunner(2).Run(spec, "s-10001000", TestContext.Current.CancellationToken);
        Assert.InRange(result.Trials.Count, 1000, 1001);

        const string ShowAll = "document.querySelector('#trials button.more').click(), document.querySelectorAll('#trials tbody tr').length";
        var (visit, html) = await ReportPages.ReportAndOpenAsync(
            chromium.Browser, ReportPages.WriteResult(_folder.Path, "thousand", result), "thousand-trials", output, ShowAll);
        var drawn = ReportPages.AssertOpenedCleanly(visit, html);

        var losses = drawn.Chart("loss-curves");
        var cap = CurveThinning.CapFor(result.Trials.Count);
        Assert.Equal(result.Trials.Count, losses.Series.Count);
        Assert.All(losses.Series, s => Assert.InRange(s.Points, 2, cap));
        Assert.Equal(losses.Series.Sum(s => s.Points), losses.DrawnPoints);
        Assert.InRange(losses.DrawnPoints, result.Trials.Count * 2, CurveThinning.Budget);
        Assert.InRange(losses.Datasets, 1, 24);   // bundled by colour band: a dataset per trial would take seconds
        Assert.Equal(result.Trials.Count, drawn.Chart("metric-vs-rate").Series.Where(s => s.Role is "trials" or "diverged").Sum(s => s.Points));
        Assert.Equal(new DrawnTables(1, result.Trials.Count, 200), drawn.Tables);
        Assert.Equal(result.Trials.Count, visit.Answers[0].GetInt32());   // every row after "show all"
        Assert.Empty(visit.Errors);
        Assert.Contains("thinned", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASweepOfMoreTrialsThanCurvesDrawsAStrideOfThemWithinTheBudget()
    {
        // 2,001 quadratic runs of 30 steps: more trials than the loss chart draws curves for.
        var spec = SpecParser.Parse("""
            { "name": "two-thousand", "model": { "kind": "quadratic", "eigenvalues": [1, 10, 40] }, "optimizer": { "kind": "sgd" },
              "training": { "epochs": 30 }, "search": { "kind": "grid", "min": 1e-4, "max": 0.1, "pointsPerDecade": 666, "metric": "trainLoss" } }
            """);
        var result = new LocalSweepRunner(2).Run(spec, "s-20012001", TestContext.Current.CancellationToken);
        Assert.InRange(result.Trials.Count, 1999, 2001);

        var (visit, html) = await ReportPages.ReportAndOpenAsync(
            chromium.Browser, ReportPages.WriteResult(_folder.Path, "two-thousand", result), "two-thousand-trials", output);
        var drawn = ReportPages.AssertOpenedCleanly(visit, html);

        var losses = drawn.Chart("loss-curves");
        Assert.Equal(CurveThinning.MaxCurves, losses.Series.Count);
        Assert.InRange(losses.DrawnPoints, 2 * CurveThinning.MaxCurves, CurveThinning.Budget);
        // The lowest and highest η are among the curves drawn; every trial is still a point of the metric chart.
        var rates = result.Trials.OrderBy(t => t.LearningRate).ToArray();
        Assert.Contains(losses.Series, c => c.Name.StartsWith(rates[0].TrialId + " ", StringComparison.Ordinal));
        Assert.Contains(losses.Series, c => c.Name.StartsWith(rates[^1].TrialId + " ", StringComparison.Ordinal));
        Assert.Equal(result.Trials.Count, drawn.Chart("metric-vs-rate").Series.Where(s => s.Role is "trials" or "diverged").Sum(s => s.Points));
        Assert.Contains($"{CurveThinning.MaxCurves} of {result.Trials.Count} trials are drawn", File.ReadAllText(html), StringComparison.Ordinal);
    }

    /// <summary>
    /// A large result made elsewhere (SWEEP_REPORT_RESULT: a Sweep result file, e.g. `sweep run --local --out` of a
    /// 100,000-trial grid), reported and opened: how long the page takes is written out. Run on its own, explicitly.
    /// </summary>
    [Fact(Explicit = true)]
    public async Task AGivenLargeResultOpensCleanly()
    {
        var results = Environment.GetEnvironmentVariable("SWEEP_REPORT_RESULT");
        Assert.False(string.IsNullOrEmpty(results), "set SWEEP_REPORT_RESULT to a Sweep result file");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (visit, html) = await ReportPages.ReportAndOpenAsync(chromium.Browser, results, "given-large-result", output);
        output.WriteLine($"report and page: {clock.Elapsed.TotalSeconds:F1} s in all");
        ReportPages.AssertOpenedCleanly(visit, html);
    }
}
