using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.VisualBasic.FileIO;
using SweepCluster.Cluster.Tests.Infrastructure;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// The `sweep` verbs about a sweep that outlives the command (docs/cli.md), each invocation a separate client of a
/// real silo process, as a user at a shell would run them.
/// </summary>
public sealed partial class VerbTests(VerbCluster cluster, ITestOutputHelper output) : IClassFixture<VerbCluster>
{
    private const string ArmName = "momentum, \"heavy ball\"";

    /// <summary>Six quick quadratic trials: two arms (the second's name needs CSV quoting) over a three-point grid.</summary>
    private static string Grid(string name) =>
        $$$"""
        {"name":"{{{name}}}","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},
         "training":{"epochs":20},
         "search":{"kind":"grid","learningRates":[0.001,0.01,0.04],"metric":"trainLoss",
           "arms":[{"name":"plain"},{"name":{{{JsonSerializer.Serialize(ArmName)}}},"optimizer":{"kind":"sgd","momentum":0.9}}]}}
        """;

    /// <summary>One arm ends after two epochs, the other trains until cancelled.</summary>
    private static readonly string QuickAndEndless =
        """
        {"name":"quick-and-endless","data":{"source":"synthetic","task":"logistic","samples":4000,"features":200,"validationSize":64},
         "model":{"kind":"logistic"},"optimizer":{"kind":"sgd"},"training":{"batchSize":64,"epochs":2},
         "search":{"kind":"grid","learningRates":[0.01],
           "arms":[{"name":"quick"},{"name":"endless","training":{"epochs":1000000}}]}}
        """;

    private static readonly string Endless = Specs.Logistic(1_000_000);

    [GeneratedRegex("^s-[0-9a-f]{8}$")]
    private static partial Regex SweepId();

    [Fact]
    public async Task SubmitPrintsOnlyTheIdAndStatusSummarizesTheSweep()
    {
        var sweepId = await SubmitAsync(Grid("status"));
        await WatchToTheEndAsync(sweepId);

        var (code, stdout, stderr) = await cluster.SweepAsync("status", sweepId);
        output.WriteLine(stdout);
        Assert.True(code == 0, stderr);
        Assert.Contains($"sweep {sweepId} (status): completed", stdout);
        Assert.Contains("trials: 6 done, 0 running, 0 failed or cancelled", stdout);
        Assert.Matches(@"best: η [0-9.eE-]+ \(trainLoss [0-9.eE-]+\), trial " + sweepId + "/", stdout);
        Assert.Contains($"coordinator: {cluster.Silo.Address}", stdout);

        (code, stdout, stderr) = await cluster.SweepAsync("status", sweepId, "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(sweepId, json.RootElement.GetProperty("sweepId").GetString());
        Assert.Equal("completed", json.RootElement.GetProperty("status").GetString());
        var trials = json.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(6, trials.Length);
        Assert.All(trials, t => Assert.False(t.TryGetProperty("history", out var h) && h.ValueKind != JsonValueKind.Null));
    }

    [Fact]
    public async Task ListShowsTheNewestSweepFirst()
    {
        var older = await SubmitAsync(Grid("older"));
        var newer = await SubmitAsync(Grid("newer"));

        var (code, stdout, stderr) = await cluster.SweepAsync("list");
        output.WriteLine(stdout);
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.StartsWith("ID ", lines[0]);
        var (olderLine, newerLine) = (Array.FindIndex(lines, l => l.StartsWith(older)), Array.FindIndex(lines, l => l.StartsWith(newer)));
        Assert.True(newerLine >= 1 && olderLine > newerLine, stdout);
        Assert.Contains("newer", lines[newerLine]);

        (code, stdout, stderr) = await cluster.SweepAsync("list", "--json", "--limit", "2");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal([newer, older], rows.Select(r => r.GetProperty("sweepId").GetString()));
        Assert.Equal("newer", rows[0].GetProperty("name").GetString());
        Assert.Equal(6, rows[0].GetProperty("trials").GetInt32());
        await WatchToTheEndAsync(older);
        await WatchToTheEndAsync(newer);
    }

    [Fact]
    public async Task ResultsGiveTheSweepAsJsonOrOneCsvRowPerTrial()
    {
        var sweepId = await SubmitAsync(Grid("results"));
        await WatchToTheEndAsync(sweepId);

        var (code, stdout, stderr) = await cluster.SweepAsync("results", sweepId);
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var trials = json.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(6, trials.Length);
        Assert.All(trials, t => Assert.Equal(JsonValueKind.Object, t.GetProperty("history").ValueKind));

        var csvFile = cluster.TempFile("trials.csv");
        (code, stdout, stderr) = await cluster.SweepAsync("results", sweepId, "--format", "csv", "--out", csvFile);
        Assert.True(code == 0, stderr);
        Assert.Equal("", stdout);
        var rows = ReadCsv(csvFile);
        Assert.Equal(Client.Results.TrialCsv.Columns, rows[0]);
        Assert.Equal(trials.Length, rows.Count - 1);
        var byTrial = rows.Skip(1).ToDictionary(r => r[1]);
        foreach (var trial in trials)
        {
            var row = byTrial[trial.GetProperty("trialId").GetString()!];
            Assert.Equal(sweepId, row[0]);
            Assert.Equal(trial.GetProperty("learningRate").GetDouble(), double.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(trial.GetProperty("arm").GetInt32() == 1 ? ArmName : "plain", row[3]);
            Assert.Equal(trial.GetProperty("status").GetString(), row[6]);
        }
    }

    [Fact]
    public async Task ReportFetchesTheSweepWithItsHistoriesAndDrawsEveryTrial()
    {
        var sweepId = await SubmitAsync(Grid("report"));
        await WatchToTheEndAsync(sweepId);
        var html = cluster.TempFile("report.html");

        var (code, stdout, stderr) = await cluster.SweepAsync("report", sweepId, "--out", html);
        Assert.True(code == 0, stderr);
        Assert.Equal("", stdout);
        // The page's data block: what the page draws, decided by `sweep report` (the browser tests are in Engine.Tests).
        var data = Regex.Match(File.ReadAllText(html), """<script type="application/json" id="report-data">(.*?)</script>""", RegexOptions.Singleline);
        using var page = JsonDocument.Parse(data.Groups[1].Value);
        Assert.Equal(6, page.RootElement.GetProperty("trials").GetArrayLength());
        Assert.Equal($"sweep {sweepId}, fetched from its cluster", page.RootElement.GetProperty("source").GetString());
        var charts = page.RootElement.GetProperty("charts").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Equal(["metric-vs-rate", "loss-curves", "rate-over-time"], charts.Keys);
        var curves = charts["loss-curves"].GetProperty("series").EnumerateArray().ToArray();
        Assert.Equal(6, curves.Length);
        Assert.All(curves, c => Assert.Equal(20, c.GetProperty("points").GetArrayLength()));   // 20 epochs of one step each
        Assert.Contains(page.RootElement.GetProperty("silos").EnumerateArray(), s => s.GetProperty("silo").GetString() == cluster.Silo.Address);
    }

    [Fact]
    public async Task ReportOfMoreTrialsThanItDrawsCurvesForFetchesTheirHistoriesAndTheBests()
    {
        // 1,501 quick trials: more than the loss chart draws curves for, so only the drawn ones' histories are fetched.
        var spec = """
            {"name":"many","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},
             "training":{"epochs":5},"search":{"kind":"grid","min":1e-5,"max":1e-2,"pointsPerDecade":500,"metric":"trainLoss"}}
            """;
        var sweepId = await SubmitAsync(spec);
        await WatchToTheEndAsync(sweepId);
        var html = cluster.TempFile("many.html");

        var (code, _, stderr) = await cluster.SweepAsync("report", sweepId, "--out", html);
        Assert.True(code == 0, stderr);
        var data = Regex.Match(File.ReadAllText(html), """<script type="application/json" id="report-data">(.*?)</script>""", RegexOptions.Singleline);
        using var page = JsonDocument.Parse(data.Groups[1].Value);
        Assert.Equal(1501, page.RootElement.GetProperty("trials").GetArrayLength());
        var charts = page.RootElement.GetProperty("charts").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        var curves = charts["loss-curves"].GetProperty("series").EnumerateArray().ToArray();
        Assert.Equal(Client.Report.CurveThinning.MaxCurves, curves.Length);
        Assert.All(curves, c => Assert.Equal(5, c.GetProperty("points").GetArrayLength()));
        // The best trial's η over time is drawn from its history, fetched whether or not its curve is.
        Assert.Equal(5, charts["rate-over-time"].GetProperty("series")[0].GetProperty("points").GetArrayLength());
        Assert.Contains($"{Client.Report.CurveThinning.MaxCurves} of 1501 trials are drawn", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelStopsARunningSweepAndKeepsItsFinishedTrials()
    {
        var sweepId = await SubmitAsync(QuickAndEndless);
        await Eventually.HoldsAsync(async () => (await cluster.SweepAsync("status", sweepId)).Stdout.Contains("trials: 1 done, 1 running"),
            TimeSpan.FromSeconds(60), "the quick arm done, the endless one running", every: TimeSpan.FromMilliseconds(500));

        var (code, stdout, stderr) = await cluster.SweepAsync("cancel", sweepId);
        Assert.True(code == 0, stderr);
        Assert.Equal($"sweep {sweepId} cancelled; 1 finished trial kept.{Environment.NewLine}", stdout);

        (code, stdout, _) = await cluster.SweepAsync("status", sweepId);
        Assert.Contains($"sweep {sweepId} (quick-and-endless): cancelled", stdout);
        (code, _, stderr) = await cluster.SweepAsync("watch", sweepId);
        Assert.Equal(3, code);
        (code, stdout, _) = await cluster.SweepAsync("results", sweepId, "--format", "csv");
        var quick = ReadCsvText(stdout).Single(r => r[3] == "quick");
        Assert.Equal("completed", quick[6]);

        (code, stdout, _) = await cluster.SweepAsync("cancel", sweepId);
        Assert.Equal(0, code);
        Assert.Contains("had already ended (cancelled); nothing to cancel", stdout);
    }

    [Fact]
    public async Task CtrlCInWatchStopsWatchingAndLeavesTheSweepRunning()
    {
        var sweepId = await SubmitAsync(Endless);
        try
        {
            using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            ctrlC.CancelAfter(TimeSpan.FromSeconds(2));
            var (code, _, stderr) = await cluster.SweepAsync(ctrlC.Token, "watch", sweepId);
            output.WriteLine(stderr);
            Assert.Equal(3, code);
            Assert.Contains($"stopped watching; the sweep goes on — `sweep cancel {sweepId}` stops it", stderr);
            Assert.Contains("silos " + cluster.Silo.Address + " ", stderr);
            Assert.Contains($"sweep {sweepId} (l): running", (await cluster.SweepAsync("status", sweepId)).Stdout);
        }
        finally
        {
            await cluster.SweepAsync("cancel", sweepId);
        }
    }

    [Fact]
    public async Task RefineStartsANewSweepThatReusesTheParentsTrials()
    {
        var parentId = await SubmitAsync(Grid("parent"));
        await WatchToTheEndAsync(parentId);
        var childFile = cluster.TempFile("child.json");

        var (code, _, stderr) = await cluster.SweepAsync("refine", parentId, "--refinements", "1", "--points", "3", "--out", childFile);
        output.WriteLine(stderr);
        Assert.True(code == 0, stderr);
        using var child = JsonDocument.Parse(File.ReadAllText(childFile));
        Assert.Equal(parentId, child.RootElement.GetProperty("parentSweepId").GetString());
        var ids = child.RootElement.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("trialId").GetString()!).ToArray();
        Assert.Equal(6, ids.Count(i => i.StartsWith(parentId + "/", StringComparison.Ordinal)));
        Assert.Contains(ids, i => !i.StartsWith(parentId + "/", StringComparison.Ordinal));
        Assert.Contains(child.RootElement.GetProperty("sweepId").GetString()!, (await cluster.SweepAsync("list")).Stdout);
    }

    [Fact]
    public async Task AnUnknownIdIsOneLineAndExit1AndLeavesNothingStored()
    {
        var known = await SubmitAsync(Grid("known"));
        Assert.NotEmpty(cluster.RedisKeys(known));
        var unknown = "s-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var verb in new[] { "status", "watch", "results", "cancel", "retry", "refine" })
        {
            var (code, stdout, stderr) = await cluster.SweepAsync(verb, unknown);
            Assert.True(code == 1, $"{verb}: {code} {stderr}");
            Assert.Equal("", stdout);
            Assert.Equal($"error: no sweep \"{unknown}\" in this cluster (`sweep list` shows the sweeps it knows).", stderr.TrimEnd());
        }
        var (reportCode, _, reportError) = await cluster.SweepAsync("report", unknown, "--out", cluster.TempFile("unknown.html"));
        Assert.Equal(1, reportCode);
        Assert.Equal($"error: no sweep \"{unknown}\" in this cluster (`sweep list` shows the sweeps it knows).", reportError.TrimEnd());
        Assert.Empty(cluster.RedisKeys(unknown));
        Assert.DoesNotContain(unknown, (await cluster.SweepAsync("list", "--json")).Stdout);
        await WatchToTheEndAsync(known);
    }

    private async Task<string> SubmitAsync(string spec)
    {
        var (code, stdout, stderr) = await cluster.SweepAsync("submit", cluster.Spec(spec));
        Assert.True(code == 0, stderr);
        var sweepId = stdout.TrimEnd('\n', '\r');
        Assert.Matches(SweepId(), sweepId);
        Assert.Equal(sweepId + Environment.NewLine, stdout);
        return sweepId;
    }

    private async Task WatchToTheEndAsync(string sweepId)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(90));
        var (code, _, stderr) = await cluster.SweepAsync(limit.Token, "watch", sweepId);
        Assert.True(code == 0, stderr);
        Assert.Contains("completed: ", stderr);
    }

    private static List<string[]> ReadCsv(string path) => ReadCsvText(File.ReadAllText(path));

    /// <summary>Read back with .NET's own RFC 4180 reader, not the writer's logic.</summary>
    private static List<string[]> ReadCsvText(string text)
    {
        using var parser = new TextFieldParser(new StringReader(text)) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData) rows.Add(parser.ReadFields()!);
        return rows;
    }
}
