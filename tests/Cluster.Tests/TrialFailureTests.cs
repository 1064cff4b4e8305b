using System.Globalization;
using System.Text;
using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Trials that throw while training (data that cannot be read or does not fit the model, found only on the silo): each
/// ends `failed` with the error's text, the sweep goes on and ranks it last, and `retry` trains it again once the cause
/// is gone.
/// </summary>
public sealed class TrialFailureTests(InMemorySilo silo, ITestOutputHelper output) : IClassFixture<InMemorySilo>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-failure-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AnArmWhoseTrialsThrowEndsFailedWithTheErrorWhileTheOtherArmFindsItsBest()
    {
        var csv = WriteCsv("three-classes.csv", classes: 3);
        // Logistic regression is binary: on three classes every trial of that arm throws when its data is loaded.
        var spec = Spec(csv, """{"kind":"softmax"}""", ""","arms":[{"name":"softmax"},{"name":"logistic","model":{"kind":"logistic"}}]""");
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s-fail"));

        await sweep.Submit(spec);
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), Patience, "the sweep ended", TimeSpan.FromMilliseconds(100));

        var status = await sweep.GetStatus();
        using var json = JsonDocument.Parse((await sweep.GetResult(includeHistories: false)).Json);
        var trials = json.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        foreach (var t in trials) output.WriteLine($"{t.GetProperty("trialId")} arm {t.GetProperty("arm")}: {t.GetProperty("status")} {t.GetProperty("error")}");
        Assert.Equal(SweepPhase.Completed, status.Status);
        var failed = trials.Where(t => t.GetProperty("arm").GetInt32() == 1).ToArray();
        Assert.Equal(4, failed.Length);
        Assert.All(failed, t => Assert.Equal("failed", t.GetProperty("status").GetString()));
        Assert.All(failed, t => Assert.Contains("class", t.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.All(failed, t => Assert.DoesNotContain("Exception", t.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.All(trials.Where(t => t.GetProperty("arm").GetInt32() == 0), t => Assert.Equal("completed", t.GetProperty("status").GetString()));
        // Ranked last: the best is the softmax arm's, and the failed arm has none.
        var undisturbed = new LocalSweepRunner(1).Run(SpecParser.Parse(Spec(csv, """{"kind":"softmax"}""", "")), "local", TestContext.Current.CancellationToken);
        Assert.Equal(0, json.RootElement.GetProperty("best").GetProperty("arm").GetInt32());
        Assert.Equal(undisturbed.Best!.LearningRate, json.RootElement.GetProperty("best").GetProperty("learningRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("bestByArm")[1].ValueKind);
    }

    [Fact]
    public async Task TrialsThatFailedOnAnUnreadableFileTrainAgainOnRetryOnceTheFileIsMended()
    {
        // There at submit (the spec names a file that exists), unreadable when the trials load it.
        var csv = WriteCsv("late.csv", classes: 3, broken: true);
        var spec = Spec(csv, """{"kind":"softmax"}""", "");
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s-late"));

        await sweep.Submit(spec);
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), Patience, "the sweep ended", TimeSpan.FromMilliseconds(100));
        using (var first = JsonDocument.Parse((await sweep.GetResult(includeHistories: false)).Json))
        {
            var trials = first.RootElement.GetProperty("trials").EnumerateArray().ToArray();
            output.WriteLine($"{(await sweep.GetStatus()).Status}: {trials[0].GetProperty("error")}");
            Assert.Equal(4, trials.Length);
            Assert.All(trials, t => Assert.Equal("failed", t.GetProperty("status").GetString()));
            Assert.All(trials, t => Assert.Contains("late.csv: line 2, column \"b\"", t.GetProperty("error").GetString(), StringComparison.Ordinal));
            Assert.Equal(JsonValueKind.Null, first.RootElement.GetProperty("best").ValueKind);
        }

        WriteCsv("late.csv", classes: 3);
        await sweep.Retry();
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), Patience, "the retried sweep ended", TimeSpan.FromMilliseconds(100));

        var undisturbed = new LocalSweepRunner(1).Run(SpecParser.Parse(spec), "local", TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse((await sweep.GetResult(includeHistories: false)).Json);
        var retried = json.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(SweepPhase.Completed, (await sweep.GetStatus()).Status);
        Assert.All(retried, t => Assert.Equal("completed", t.GetProperty("status").GetString()));
        Assert.All(retried, t => Assert.Equal(2, t.GetProperty("attempts").GetInt32()));
        Assert.Equal(undisturbed.Best!.LearningRate, json.RootElement.GetProperty("best").GetProperty("learningRate").GetDouble());
    }

    /// <summary>A grid of four rates, one run at a time, on a CSV at an absolute path (checked only when a trial loads it).</summary>
    private static string Spec(string csv, string model, string arms) =>
        $$$"""{"name":"failures","data":{"source":"csv","path":{{{JsonSerializer.Serialize(csv)}}},"trainSize":240,"validationSize":60},"model":{{{model}}},"optimizer":{"kind":"sgd"},"training":{"epochs":5,"batchSize":32,"seed":1},"search":{"kind":"grid","learningRates":[0.01,0.1,1,10],"concurrency":1{{{arms}}}}}""";

    /// <summary>300 rows of four features and a class that the first two decide, seeded; broken: a word in the first row.</summary>
    private string WriteCsv(string name, int classes, bool broken = false)
    {
        var random = new Random(7);
        var text = new StringBuilder("a,b,c,d,label\n");
        for (var i = 0; i < 300; i++)
        {
            var x = Enumerable.Range(0, 4).Select(_ => random.NextDouble()).ToArray();
            var label = Math.Min(classes - 1, (int)((x[0] + x[1]) / 2 * classes));
            var b = broken && i == 0 ? "oops" : x[1].ToString("F4", CultureInfo.InvariantCulture);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{x[0]:F4},{b},{x[2]:F4},{x[3]:F4},{label}"));
        }
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
