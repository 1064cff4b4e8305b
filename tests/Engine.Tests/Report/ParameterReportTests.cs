using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Tests.Data;
using SweepCluster.Engine.Tests.Infrastructure;

namespace SweepCluster.Engine.Tests.Report;

/// <summary>
/// The report of a search over several parameters with repeats, opened in headless Chromium: a chart per parameter
/// besides η, the importance ranking with the parameter that shapes the metric first, error bars and the configurations.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ParameterReportTests(ChromiumFixture chromium, ITestOutputHelper output) : IDisposable
{
    private const int Configurations = 12;
    private const int Repeats = 3;

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ASearchOverFourParametersWithRepeatsDrawsAPanelPerParameterAndRanksMomentumFirst()
    {
        var result = Sweep();
        const string FirstGroupIsBest = "document.querySelector('#groups tbody tr').classList.contains('best')";
        var (visit, html) = await ReportPages.ReportAndOpenAsync(
            chromium.Browser, ReportPages.WriteResult(_folder.Path, "parameters", result), "parameters-repeats", output, FirstGroupIsBest);
        var drawn = ReportPages.AssertOpenedCleanly(visit, html);

        Assert.Equal(["metric-vs-rate", "parameter-0", "parameter-1", "parameter-2"], drawn.Charts.Select(c => c.Id));
        Assert.Equal(["validationLoss vs optimizer.momentum", "validationLoss vs optimizer.weightDecay", "validationLoss vs training.batchSize"],
            drawn.Charts.Skip(1).Select(c => c.Title));
        var completed = result.Trials.Count(t => t.Status == TrialStatus.Completed);
        var diverged = result.Trials.Count(t => t.Status == TrialStatus.Diverged);
        foreach (var chart in drawn.Charts.Skip(1))
            Assert.Equal([$"trials: {completed}", $"diverged: {diverged}", "best: 1"], chart.Described);
        Assert.False(drawn.Chart("parameter-0").XLog);   // momentum: a linear range
        Assert.True(drawn.Chart("parameter-1").XLog);    // weight decay: a log range
        Assert.False(drawn.Chart("parameter-2").XLog);   // batch size: categories

        // Error bars on the metric-vs-η chart: a mean per configuration that has one, a bar per configuration with a spread.
        var rate = drawn.Chart("metric-vs-rate");
        Assert.Equal([$"trials: {completed}", $"diverged: {diverged}", "best: 1"], rate.Described.Take(3));
        Assert.Equal("points", rate.Series[0].Role);   // neighbours in η differ in the other parameters: no line joins them
        Assert.Equal(result.Groups!.Count(g => g.Mean is not null), rate.OfRole("group-mean").Single().Points);
        Assert.Equal(result.Groups!.Count(g => g.Std is > 0), rate.OfRole("group-range").Count());
        Assert.All(rate.OfRole("group-range"), s => Assert.Equal(2, s.Points));

        var parameters = drawn.Parameters;
        Assert.Equal(["optimizer.momentum", "learningRate", "optimizer.weightDecay", "training.batchSize"], parameters.Importance.Select(r => r.Parameter).Take(1)
            .Concat(parameters.Importance.Skip(1).Select(r => r.Parameter).Order(StringComparer.Ordinal)));
        Assert.True(parameters.Importance[0].BarWidth > 3 * parameters.Importance[1].BarWidth,
            $"bars: {string.Join(", ", parameters.Importance.Select(r => $"{r.Parameter} {r.BarWidth:0} px ({r.Share})"))}");
        Assert.Equal(Configurations, parameters.GroupRows);
        Assert.Equal(["trial", "stage", "η", "optimizer.momentum", "optimizer.weightDecay", "training.batchSize"], parameters.TrialColumns.Take(6));
        Assert.True(visit.Answers[0].GetBoolean());   // the best mean first: the configuration of the sweep's best trial
    }

    [Fact]
    public async Task AParameterOfNamedValuesGetsACategoryAxisAndNoRepeatsMeanNoConfigurationsTable()
    {
        var spec = SpecParser.Parse("""
            { "name": "activation",
              "data": { "source": "synthetic", "task": "logistic", "samples": 400, "features": 4, "seed": 2, "validationSize": 100 },
              "model": { "kind": "mlp", "hidden": [8] }, "optimizer": { "kind": "sgd" }, "training": { "epochs": 2, "batchSize": 32, "seed": 1 },
              "search": { "kind": "random", "trials": 10, "parameters": {
                  "learningRate": { "min": 1e-3, "max": 1, "log": true }, "model.activation": { "values": ["relu", "tanh"] } } } }
            """);
        // tanh trains worse whatever η: the activation is what matters.
        var trials = Enumerable.Range(0, 10).Select(i =>
        {
            double eta = Math.Pow(10, -3 + 3.0 * ((i * 7) % 10) / 9), loss = (i % 2 == 0 ? 0.3 : 0.9) + 0.01 * i;
            return new Trial($"s-ac7ac7ac/0/{i}", 0, 0, eta, new SgdSpec(), new ConstantScheduleSpec(), TrialStatus.Completed, null, 2, 26, loss, loss, 0.8,
                null, 1, 0.1, Verdict.Good, null)
            {
                Parameters = new Dictionary<string, ParameterValue>(StringComparer.Ordinal)
                {
                    ["learningRate"] = ParameterValue.Of(eta), ["model.activation"] = ParameterValue.Of(i % 2 == 0 ? "relu" : "tanh"),
                },
            };
        }).ToArray();
        var best = new BestTrial(trials[0].TrialId, 0, trials[0].LearningRate, trials[0].ValidationLoss, 0.8, trials[0].TrainLoss) { Name = "default" };
        var result = new SweepResult("s-ac7ac7ac", spec.Name, SweepStatus.Completed, spec, best, [best], [], null, [], null, trials, null, 1, 1);

        const string Ticks = "Chart.getChart('parameter-0').scales.x.ticks.map(t => t.label)";
        var (visit, html) = await ReportPages.ReportAndOpenAsync(
            chromium.Browser, ReportPages.WriteResult(_folder.Path, "activation", result), "parameters-categories", output, Ticks);
        var drawn = ReportPages.AssertOpenedCleanly(visit, html);

        Assert.Equal(["metric-vs-rate", "parameter-0"], drawn.Charts.Select(c => c.Id));
        Assert.Equal(["trials: 10", "best: 1"], drawn.Chart("parameter-0").Described);
        Assert.Equal(["relu", "tanh"], visit.Answers[0].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["model.activation", "learningRate"], drawn.Parameters.Importance.Select(r => r.Parameter));
        Assert.Equal(0, drawn.Parameters.GroupRows);
        Assert.Equal("model.activation", drawn.Parameters.TrialColumns[3]);
    }

    /// <summary>
    /// 12 configurations × 3 seeds of a search over η, momentum, weight decay and batch size, where the validation loss
    /// follows momentum (best at 0.9, configuration c the c-th best) and the rest is noise: each third of the η range,
    /// of the weight decay range and each batch size holds configurations whose ranks by momentum sum alike, so no other
    /// parameter explains the loss by chance. A run at the largest η diverges.
    /// </summary>
    private static SweepResult Sweep()
    {
        var spec = SpecParser.Parse("""
            { "name": "four-parameters",
              "data": { "source": "synthetic", "task": "logistic", "samples": 400, "features": 4, "seed": 2, "validationSize": 100 },
              "model": { "kind": "logistic" }, "optimizer": { "kind": "sgd" }, "training": { "epochs": 2, "batchSize": 32, "seed": 1 },
              "search": { "kind": "tpe", "trials": 12, "repeats": 3, "parameters": {
                  "learningRate": { "min": 1e-3, "max": 1, "log": true },
                  "optimizer.momentum": { "min": 0, "max": 0.99 },
                  "optimizer.weightDecay": { "min": 1e-6, "max": 1e-2, "log": true },
                  "training.batchSize": { "values": [32, 64, 128] } } } }
            """);
        int[] etaOrder = [0, 5, 6, 11, 1, 4, 7, 10, 2, 3, 8, 9];
        int[] decayOrder = [0, 3, 8, 11, 1, 2, 9, 10, 4, 5, 6, 7];
        var random = new Random(4);
        var trials = new List<Trial>();
        var groups = new List<ConfigurationGroup>();
        for (var c = 0; c < Configurations; c++)
        {
            int etaRank = Array.IndexOf(etaOrder, c), decayRank = Array.IndexOf(decayOrder, c);
            double eta = Math.Pow(10, -3 + 3.0 * etaRank / 11), momentum = 0.9 - 0.07 * c, decay = Math.Pow(10, -6 + 4.0 * decayRank / 11);
            var parameters = new Dictionary<string, ParameterValue>(StringComparer.Ordinal)
            {
                ["learningRate"] = ParameterValue.Of(eta), ["optimizer.momentum"] = ParameterValue.Of(momentum),
                ["optimizer.weightDecay"] = ParameterValue.Of(decay), ["training.batchSize"] = ParameterValue.Of(new[] { 32, 64, 128 }[etaRank / 4]),
            };
            var ids = new List<string>();
            var losses = new List<double>();
            for (var seed = 0; seed < Repeats; seed++)
            {
                var id = $"s-4p4p4p4p/0/{c * Repeats + seed}";
                ids.Add(id);
                var divergedRun = etaRank == Configurations - 1 && seed == 0;
                double? loss = divergedRun ? null : 0.2 + 2 * Math.Abs(momentum - 0.9) + 0.05 * random.NextDouble();
                if (loss is { } l) losses.Add(l);
                trials.Add(new Trial(id, 0, 0, eta, new SgdSpec(momentum) { WeightDecay = decay }, new ConstantScheduleSpec(),
                    divergedRun ? TrialStatus.Diverged : TrialStatus.Completed, null, 2, 26, loss, loss, loss is null ? null : 0.8, null, 1, 0.1,
                    divergedRun ? Verdict.Diverged : Verdict.Good, null) { Parameters = parameters });
            }
            var mean = losses.Average();
            var std = losses.Count > 1 ? Math.Sqrt(losses.Sum(l => (l - mean) * (l - mean)) / (losses.Count - 1)) : (double?)null;
            groups.Add(new ConfigurationGroup(parameters, mean, std, losses.Count, ids));
        }
        var best = trials.Where(t => t.Status == TrialStatus.Completed).MinBy(t => t.ValidationLoss)!;
        var bestTrial = new BestTrial(best.TrialId, 0, best.LearningRate, best.ValidationLoss, best.ValidationAccuracy, best.TrainLoss) { Name = "default" };
        return new SweepResult("s-4p4p4p4p", spec.Name, SweepStatus.Completed, spec, bestTrial, [bestTrial], [], null, [], null, trials, null, 3.6, 3.6)
        {
            Groups = groups,
        };
    }
}
