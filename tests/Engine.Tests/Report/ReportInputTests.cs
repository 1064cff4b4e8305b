using System.Text;
using System.Text.Json;
using SweepCluster.Client.Report;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Tests.Data;

namespace SweepCluster.Engine.Tests.Report;

/// <summary>
/// A Sweep result file read for `sweep report` without holding every history: the page is the one the whole result
/// makes, and the result read holds the histories of the trials it draws and no others.
/// </summary>
public sealed class ReportInputTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(200)]   // 2 arms × 601 trials: no more than the chart draws curves for, so every history is read
    [InlineData(500)]   // 2 arms × 1,501: a stride of them and each arm's best
    public void TheReportOfAFileIsTheOneItsWholeResultMakes(int pointsPerDecade)
    {
        // Two arms, the momentum one diverging at the largest rates, 200 recorded steps a trial.
        var spec = SpecParser.Parse($$"""
            { "name": "histories", "model": { "kind": "quadratic", "eigenvalues": [1, 10, 40] }, "optimizer": { "kind": "sgd" },
              "training": { "epochs": 200 },
              "search": { "kind": "grid", "min": 1e-4, "max": 0.1, "pointsPerDecade": {{pointsPerDecade}}, "metric": "trainLoss",
                          "arms": [ { "name": "sgd" }, { "name": "momentum", "optimizer": { "kind": "sgd", "momentum": 0.9 } } ] } }
            """);
        var made = new LocalSweepRunner(2).Run(spec, "s-4e4e4e4e", TestContext.Current.CancellationToken);
        Assert.Contains(made.Trials, t => t.Status == TrialStatus.Diverged);
        Assert.All(made.Trials.Where(t => t.Status == TrialStatus.Completed), t => Assert.Equal(200, t.History!.Steps.Count));
        var file = ReportPages.WriteResult(_folder.Path, "histories", made);

        // The old way: the whole result, every history, read at once.
        SweepResult whole;
        using (var stream = File.OpenRead(file)) whole = JsonSerializer.Deserialize<SweepResult>(stream, SpecJson.Options)!;
        SweepResult read;
        using (var stream = File.OpenRead(file)) read = ReportInput.ReadSweep(stream, file);

        Assert.Equal(whole.Trials.Select(t => t.TrialId), read.Trials.Select(t => t.TrialId));
        var kept = Enumerable.Range(0, read.Trials.Count).Where(i => read.Trials[i].History is not null).ToArray();
        if (ReportHistories.All(whole.Trials.Count))
            Assert.Equal(whole.Trials.Count, kept.Length);
        else
        {
            var wanted = ReportHistories.Wanted([.. whole.Trials.Select(t => t with { History = null })], whole.BestByArm);
            Assert.Equal(wanted, kept);
            Assert.InRange(kept.Length, CurveThinning.MaxCurves, CurveThinning.MaxCurves + whole.BestByArm.Count);
            // Each arm's best is among them, whether or not the stride of curves reached it.
            Assert.All(whole.BestByArm, b => Assert.NotNull(read.Trials.Single(t => t.TrialId == b!.TrialId).History));
        }
        Assert.All(kept, i => Assert.Equal(Json(whole.Trials[i]), Json(read.Trials[i])));
        Assert.All(read.Trials.Select((t, i) => (t, i)).Where(x => x.t.History is null),
            x => Assert.Equal(Json(whole.Trials[x.i] with { History = null }), Json(x.t)));

        // Same charts, curves, notes and trial rows: the same page, byte for byte.
        var before = SweepReport.Build(whole, file);
        var after = ReportInput.Read(file);
        Assert.Equal(Html(before), Html(after));
        var curves = after.Charts.Single(c => c.Id == "loss-curves").Series.Count(s => s.Role == SeriesRoles.TrainLoss);
        Assert.Equal(Math.Min(whole.Trials.Count, CurveThinning.MaxCurves), curves);
        Assert.Equal(whole.Trials.Count, after.Trials.Count);
    }

    [Fact]
    public void ABadTrialPastTheCurvesIsNamedByItsPlace()
    {
        var spec = SpecParser.Parse("""
            { "name": "bad", "model": { "kind": "quadratic", "eigenvalues": [1, 10] }, "optimizer": { "kind": "sgd" },
              "training": { "epochs": 3 }, "search": { "kind": "grid", "min": 1e-4, "max": 0.1, "pointsPerDecade": 500, "metric": "trainLoss" } }
            """);
        var made = new LocalSweepRunner(2).Run(spec, "s-bad0bad0", TestContext.Current.CancellationToken);
        var at = made.Trials.Count - 2;
        var json = JsonSerializer.Serialize(made, SpecJson.Options);
        var file = _folder.Write("bad.json", json.Replace($"\"trialId\": \"{made.Trials[at].TrialId}\"", $"\"trialId\": 7", StringComparison.Ordinal));

        var error = Assert.Throws<InputException>(() => ReportInput.Read(file));
        Assert.StartsWith($"{file}: not a Sweep result or a Trial (docs/results.md): $.trials[{at}]: ", error.Message, StringComparison.Ordinal);
    }

    private static string Json(Trial trial) => JsonSerializer.Serialize(trial, SpecJson.Options);

    private static string Html(ReportPage page)
    {
        using var html = new MemoryStream();
        ReportHtml.Write(page, html);
        return Encoding.UTF8.GetString(html.ToArray());
    }
}
