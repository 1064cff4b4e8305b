using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SweepCluster.Cluster.Tests.Infrastructure;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A sweep's result outlives its data: once the CSV it trained on is deleted and its silo restarted, `results`,
/// `status --json`, `status` and `report` by id still show every trial and the theory (estimated once, stored with the
/// sweep). A sweep still running when its data goes restores too: the trials restarted after the loss fail, the rest
/// stand, and every read answers. Each test has its own Redis and silo process, so restarting it disturbs no other test.
/// </summary>
public sealed partial class SweepOutlivesItsDataTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = PrivateVerbCluster.Patience;
    private readonly PrivateVerbCluster _cluster = new();

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [GeneratedRegex("""<script type="application/json" id="report-data">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ReportData();

    [Fact]
    public async Task AFinishedSweepsResultAndTheoryAreReadAfterItsCsvIsDeletedAndItsSiloRestarted()
    {
        var csv = WriteCsv("digits.csv");
        var before = Path.Combine(_cluster.Folder, "before.json");
        var (code, _, stderr) = await SweepAsync("run", WriteSpec(csv, epochs: 5), "--out", before);
        Assert.True(code == 0, stderr);
        using var first = JsonDocument.Parse(File.ReadAllText(before));
        var sweepId = first.RootElement.GetProperty("sweepId").GetString()!;
        var theory = first.RootElement.GetProperty("theory");
        Assert.Equal("bound", theory.GetProperty("source").GetString());

        File.Delete(csv);
        await RestartSiloAsync();

        (code, var stdout, stderr) = await SweepAsync("results", sweepId);
        Assert.True(code == 0, stderr);
        using (var results = JsonDocument.Parse(stdout)) AssertWhole(results.RootElement, sweepId, theory, withHistories: true);

        (code, stdout, stderr) = await SweepAsync("status", sweepId, "--json");
        Assert.True(code == 0, stderr);
        using (var status = JsonDocument.Parse(stdout)) AssertWhole(status.RootElement, sweepId, theory, withHistories: false);

        (code, stdout, stderr) = await SweepAsync("status", sweepId);
        output.WriteLine(stdout);
        Assert.True(code == 0, stderr);
        Assert.Contains($"sweep {sweepId} (outlives): completed", stdout);
        Assert.Contains("trials: 4 done, 0 running, 0 failed or cancelled", stdout);
        Assert.Contains($"best: η {first.RootElement.GetProperty("best").GetProperty("learningRate").GetDouble().ToString("R", CultureInfo.InvariantCulture)} (", stdout);

        var html = Path.Combine(_cluster.Folder, "report.html");
        (code, _, stderr) = await SweepAsync("report", sweepId, "--out", html);
        Assert.True(code == 0, stderr);
        using var page = JsonDocument.Parse(ReportData().Match(File.ReadAllText(html)).Groups[1].Value);
        Assert.Equal(4, page.RootElement.GetProperty("trials").GetArrayLength());
        Assert.Contains(page.RootElement.GetProperty("facts").EnumerateArray(), f => f.GetProperty("label").GetString() == "Theory");
    }

    [Fact]
    public async Task ARunningSweepWhoseDataVanishedRestoresAndItsReadsAnswer()
    {
        var csv = WriteCsv("digits.csv");
        // One run at a time, each for long enough to be training when its silo dies.
        var (code, stdout, stderr) = await SweepAsync("submit", WriteSpec(csv, epochs: 20000));
        Assert.True(code == 0, stderr);
        var sweepId = stdout.Trim();
        await Eventually.HoldsAsync(async () => (await SweepAsync("status", sweepId)).Stdout.Contains("trials: 1 done, 1 running"),
            Patience, "the first run done and the second training", every: TimeSpan.FromMilliseconds(300));

        File.Delete(csv);
        await RestartSiloAsync();

        (code, stdout, stderr) = await SweepAsync("status", sweepId);
        output.WriteLine(stdout);
        Assert.True(code == 0, stderr);
        Assert.Contains("trials: 1 done", stdout);
        // The restarted run and those after it fail when they load the data; the sweep ends all the same.
        await Eventually.HoldsAsync(async () => (await SweepAsync("status", sweepId)).Stdout.Contains(": completed"),
            Patience, "the sweep ended", every: TimeSpan.FromMilliseconds(500));
        (code, stdout, stderr) = await SweepAsync("status", sweepId, "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var trials = json.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(4, trials.Length);
        Assert.Equal("completed", trials[0].GetProperty("status").GetString());
        Assert.All(trials[1..], t => Assert.Equal("failed", t.GetProperty("status").GetString()));
        Assert.All(trials[1..], t => Assert.Contains("digits.csv", t.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.Equal(trials[0].GetProperty("trialId").GetString(), json.RootElement.GetProperty("best").GetProperty("trialId").GetString());
        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("theory").ValueKind);
        Assert.Contains("arm 0 (default): 3 of 4 trials failed", json.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    private void AssertWhole(JsonElement result, string sweepId, JsonElement theory, bool withHistories)
    {
        Assert.Equal(sweepId, result.GetProperty("sweepId").GetString());
        Assert.Equal("completed", result.GetProperty("status").GetString());
        var trials = result.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(4, trials.Length);
        Assert.All(trials, t => Assert.Equal("completed", t.GetProperty("status").GetString()));
        Assert.All(trials, t => Assert.Equal(withHistories, t.TryGetProperty("history", out var h) && h.ValueKind == JsonValueKind.Object));
        Assert.Equal(theory.ToString(), result.GetProperty("theory").ToString());
        output.WriteLine($"theory: {result.GetProperty("theory")}");
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> SweepAsync(params string[] args) => _cluster.SweepAsync(args);

    private async Task RestartSiloAsync()
    {
        var log = _cluster.Silo.Log;
        output.WriteLine($"--- silo {_cluster.Silo.Address} before its restart ---\n{(log.Length > 3000 ? log[^3000..] : log)}");
        await _cluster.RestartSiloAsync();
    }

    /// <summary>A grid of four rates, one run at a time, softmax on a CSV at an absolute path.</summary>
    private string WriteSpec(string csv, int epochs)
    {
        return _cluster.Write("outlives.json", $$$"""
            {"name":"outlives","data":{"source":"csv","path":{{{JsonSerializer.Serialize(csv)}}},"trainSize":240,"validationSize":60},
             "model":{"kind":"softmax"},"optimizer":{"kind":"sgd"},"training":{"epochs":{{{epochs}}},"batchSize":32,"seed":1},
             "search":{"kind":"grid","learningRates":[0.01,0.1,1,10],"concurrency":1}}
            """);
    }

    /// <summary>300 rows of four features and one of three classes that the first two decide, seeded.</summary>
    private string WriteCsv(string name)
    {
        var random = new Random(7);
        var text = new StringBuilder("a,b,c,d,label\n");
        for (var i = 0; i < 300; i++)
        {
            var x = Enumerable.Range(0, 4).Select(_ => random.NextDouble()).ToArray();
            var label = Math.Min(2, (int)((x[0] + x[1]) / 2 * 3));
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{x[0]:F4},{x[1]:F4},{x[2]:F4},{x[3]:F4},{label}"));
        }
        var path = Path.Combine(_cluster.Folder, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
