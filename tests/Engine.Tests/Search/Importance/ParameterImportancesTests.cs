using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Importance;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search.Importance;

public sealed class ParameterImportancesTests
{
    private static readonly string[] Batches = ["32", "64", "128"];

    /// <summary>Trials at random η (log), momentum and batch size, with the validation loss <paramref name="loss"/> gives them.</summary>
    private static Trial[] Trials(int count, Func<double, double, string, Random, double?> loss, int seed = 5)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            double eta = Math.Pow(10, -4 + 4 * random.NextDouble()), momentum = 0.99 * random.NextDouble();
            var batch = Batches[random.Next(Batches.Length)];
            var value = loss(eta, momentum, batch, random);
            return Make($"t{i}", value is null ? TrialStatus.Diverged : TrialStatus.Completed, value, eta,
                ("learningRate", ParameterValue.Of(eta)), ("optimizer.momentum", ParameterValue.Of(momentum)), ("training.batchSize", ParameterValue.Of(batch)));
        })];
    }

    private static Trial Make(string id, TrialStatus status, double? validationLoss, double eta, params (string Name, ParameterValue Value)[] parameters) =>
        new(id, 0, 0, eta, new SgdSpec(), new ConstantScheduleSpec(), status, null, 1, 10, validationLoss, validationLoss, null, null, 1, 0, null, null)
        {
            Parameters = parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal),
        };

    private static double Noise(Random random) => 0.05 * (random.NextDouble() - 0.5);

    [Fact]
    public void TheParameterThatShapesTheLossRanksFirstAndNoiseScoresNearZero()
    {
        // A valley in log η at 1e-2; momentum and batch size only add noise.
        var trials = Trials(80, (eta, _, _, r) => Math.Pow(Math.Log10(eta) + 2, 2) + Noise(r));

        var ranked = ParameterImportances.Of(trials, Metric.ValidationLoss);

        Assert.Equal("learningRate", ranked[0].Parameter);
        Assert.True(ranked[0].Importance > 0.9, $"η's share is {ranked[0].Importance}");
        Assert.True(ranked[0].Explained > 0.8, $"η explains {ranked[0].Explained}");
        Assert.All(ranked.Skip(1), r => Assert.True(r.Explained < 0.1, $"{r.Parameter} explains {r.Explained}"));
        Assert.Equal(1, ranked.Sum(r => r.Importance), 12);
        Assert.Equal(3, ranked.Single(r => r.Parameter == "training.batchSize").Bins);   // one bin per category
        Assert.Equal(9, ranked.Single(r => r.Parameter == "learningRate").Bins);          // √80 equal-count bins
    }

    [Fact]
    public void ACategoryThatMattersOutranksARangeThatDoesNot()
    {
        var trials = Trials(60, (_, _, batch, r) => (batch == "128" ? 1.0 : 0.2) + Noise(r));

        var ranked = ParameterImportances.Of(trials, Metric.ValidationLoss);

        Assert.Equal(["training.batchSize", "learningRate", "optimizer.momentum"], ranked.Select(r => r.Parameter).Take(1).Concat(ranked.Skip(1).Select(r => r.Parameter).Order()));
        Assert.True(ranked[0].Importance > 0.8, $"batch size's share is {ranked[0].Importance}");
    }

    [Fact]
    public void DivergedTrialsCountAtTheWorstRankSoTheRateThatCausesThemMatters()
    {
        // Above η = 0.1 every run diverges (no figure); below it the loss is noise.
        var trials = Trials(60, (eta, _, _, r) => eta > 0.1 ? null : 0.5 + Noise(r));
        Assert.Contains(trials, t => t.Status == TrialStatus.Diverged);

        var ranked = ParameterImportances.Of(trials, Metric.ValidationLoss);

        Assert.Equal("learningRate", ranked[0].Parameter);
        Assert.True(ranked[0].Importance > 0.7, $"η's share is {ranked[0].Importance}");
    }

    [Fact]
    public void FailedAndUnfinishedTrialsAreLeftOut()
    {
        var trials = Trials(40, (eta, _, _, r) => Math.Abs(Math.Log10(eta) + 2) + Noise(r));
        var failed = Make("failed", TrialStatus.Failed, null, 1e-4, ("learningRate", ParameterValue.Of(1e-4)),
            ("optimizer.momentum", ParameterValue.Of(0.5)), ("training.batchSize", ParameterValue.Of("32")));
        var running = failed with { TrialId = "running", Status = TrialStatus.Running };

        Assert.Equal(ParameterImportances.Of(trials, Metric.ValidationLoss), ParameterImportances.Of([failed, .. trials, running], Metric.ValidationLoss));
    }

    [Fact]
    public void TheRankingIsDeterministicAndTheSameOnALogOrALinearScale()
    {
        var trials = Trials(50, (eta, m, _, r) => Math.Pow(Math.Log10(eta) + 2, 2) + 2 * m + Noise(r));
        var first = ParameterImportances.Of(trials, Metric.ValidationLoss);
        Assert.Equal(first, ParameterImportances.Of(trials, Metric.ValidationLoss));

        // Equal-count bins depend on the values' order alone: log₁₀ η ranks exactly as η does.
        var logged = trials.Select(t => t with
        {
            Parameters = t.Parameters!.ToDictionary(p => p.Key, p => p.Key == "learningRate" ? ParameterValue.Of(Math.Log10(p.Value.Number)) : p.Value),
        }).ToArray();
        Assert.Equal(first, ParameterImportances.Of(logged, Metric.ValidationLoss));
        Assert.Equal(["learningRate", "optimizer.momentum", "training.batchSize"], first.Select(r => r.Parameter));
    }

    [Fact]
    public void AnAccuracyMetricIsReadFromTheTrialsAccuracy()
    {
        // The trials have no loss at all: read as a loss metric, every one would tie and nothing would matter.
        var trials = Trials(40, (_, m, _, r) => m + Noise(r)).Select(t => t with { ValidationAccuracy = t.ValidationLoss, ValidationLoss = null }).ToArray();
        var ranked = ParameterImportances.Of(trials, Metric.ValidationAccuracy);
        Assert.Equal("optimizer.momentum", ranked[0].Parameter);
    }

    [Fact]
    public void WithRepeatsEachParameterStillGroupsTheTrialsItsOwnWay()
    {
        // 12 configurations × 3 seeds: every configuration's values are distinct, so one bin per distinct value would
        // give every parameter the same bins (the configurations) and the same score.
        var configurations = Trials(12, (_, m, _, _) => 0);
        var random = new Random(9);
        var trials = configurations.SelectMany((c, i) => Enumerable.Range(0, 3).Select(seed =>
        {
            var loss = 3 * Math.Abs(c.Parameters!["optimizer.momentum"].Number - 0.9) + 0.1 * random.NextDouble();
            return c with { TrialId = $"c{i}s{seed}", ValidationLoss = loss, TrainLoss = loss };
        })).ToArray();

        var ranked = ParameterImportances.Of(trials, Metric.ValidationLoss);

        Assert.Equal("optimizer.momentum", ranked[0].Parameter);
        Assert.True(ranked[0].Importance > 0.6, $"momentum's share is {ranked[0].Importance}");
        Assert.True(ranked.Single(r => r.Parameter == "learningRate").Explained < ranked[0].Explained / 2);
    }

    [Fact]
    public void TooFewTrialsGiveNoRanking()
    {
        Assert.Empty(ParameterImportances.Of(Trials(ParameterImportances.MinTrials - 1, (eta, _, _, _) => eta), Metric.ValidationLoss));
        Assert.NotEmpty(ParameterImportances.Of(Trials(ParameterImportances.MinTrials, (eta, _, _, _) => eta), Metric.ValidationLoss));
    }

    [Fact]
    public void KelleysEpsilonSquaredMatchesAHandComputedSplit()
    {
        // Two bins {1, 2, 3} and {7, 8, 9}: mean 5, SS_total = 16 + 9 + 4 + 4 + 9 + 16 = 58, SS_within = 2 + 2 = 4,
        // k = 2, n = 6: (58 − 4 − 1 · 4/4) / 58 = 53/58.
        Assert.Equal(53.0 / 58, ParameterImportances.ExplainedVariance([0, 0, 0, 1, 1, 1], [1, 2, 3, 7, 8, 9]), 12);
        Assert.Equal([1.5, 1.5, 3, 4.5, 4.5], ParameterImportances.Ranks([0.1, 0.1, 0.2, double.PositiveInfinity, double.PositiveInfinity]));
    }
}
