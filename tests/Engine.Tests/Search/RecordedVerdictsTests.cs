using System.Globalization;
using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>
/// Verdicts of loss curves the engine recorded (TestData/verdicts, made by record.py from `sweep run --local`): the
/// quadratic with L = 40 on both sides of 2/L = 0.05, and an MNIST MLP with SGD and momentum 0.9 over η 1e-3 … 1,
/// whose best η is 0.1. Each curve is judged alone as the trainer does, then in its sweep against the arm's best η.
/// </summary>
public sealed class RecordedVerdictsTests
{
    [Theory]
    [InlineData(1e-5, Verdict.TooSmall)]     // fell 0.3 of the best's 25.4
    [InlineData(1e-4, Verdict.Good)]         // fell 13% of the way
    [InlineData(1e-3, Verdict.Good)]
    [InlineData(0.01, Verdict.Good)]
    [InlineData(0.03, Verdict.Good)]         // the best
    [InlineData(0.049, Verdict.Good)]        // above the best, below 2/L: falls every step
    [InlineData(0.051, Verdict.Oscillating)] // above 2/L: falls, then rises above its start, without reaching 10×
    [InlineData(0.1, Verdict.Diverged)]
    public void TheQuadraticsCurvesAroundTwoOverL(double learningRate, Verdict expected) =>
        Assert.Equal(expected, Judged("quadratic", deterministic: true)[learningRate]);

    [Theory]
    [InlineData(0.001, Verdict.Good)]
    [InlineData(0.01, Verdict.Good)]
    [InlineData(0.1, Verdict.Good)]          // the best by validation loss
    [InlineData(0.158, Verdict.Good)]
    [InlineData(0.251, Verdict.Good)]
    [InlineData(0.398, Verdict.Good)]        // above the best, but fell 84% of the way and steadily
    [InlineData(0.631, Verdict.Oscillating)] // its epoch losses go up and down (1.12, 1.17, 1.08)
    [InlineData(1.0, Verdict.Oscillating)]   // a batch loss of 11.7 from 2.28, ends at 2.21: was too-small
    public void TheMlpWithMomentumCurvesFromTooSmallToTooLarge(double learningRate, Verdict expected)
    {
        var verdicts = Judged("mlp-sgd-momentum", deterministic: false);
        Assert.Equal(expected, verdicts.Single(v => LogGrid.Same(v.Key, learningRate, 0.01)).Value);
    }

    [Theory]
    [InlineData(1.0, Verdict.Oscillating)]   // judged alone it was too-small: it fell 3% of the way to 0
    [InlineData(0.631, Verdict.Oscillating)]
    [InlineData(0.1, Verdict.Good)]
    [InlineData(0.001, Verdict.Good)]
    public void AloneTheMlpsCurveIsJudgedByItsShapeBeforeItsFall(double learningRate, Verdict expected)
    {
        var trial = File.ReadAllLines(TestPaths.TestData("verdicts", "mlp-sgd-momentum.jsonl"))
            .Select(line => JsonSerializer.Deserialize<Trial>(line, SpecJson.Options)!)
            .Single(t => LogGrid.Same(t.LearningRate, learningRate, 0.01));
        Assert.Equal(expected, VerdictJudge.Judge(trial, trial.InitialLoss!.Value, deterministic: false));
    }

    [Fact]
    public void EveryRecordedCurveIsJudged()
    {
        Assert.Equal("Diverged 1, Good 5, Oscillating 1, TooSmall 1", Tally(Judged("quadratic", deterministic: true)));
        // Below η 0.631 every MLP run is good: none is flat against the best, none bounces.
        Assert.Equal("Good 14, Oscillating 2", Tally(Judged("mlp-sgd-momentum", deterministic: false)));
    }

    private static string Tally(Dictionary<double, Verdict?> verdicts) =>
        string.Join(", ", verdicts.Values.GroupBy(v => v).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));

    /// <summary>Each recorded trial's verdict by its rate, judged by the trainer's rules and then by the sweep's search.</summary>
    private static Dictionary<double, Verdict?> Judged(string name, bool deterministic)
    {
        var spec = SpecParser.Parse(File.ReadAllText(TestPaths.TestData("verdicts", name + "-spec.json")));
        var trials = File.ReadAllLines(TestPaths.TestData("verdicts", name + ".jsonl"))
            .Select(line => JsonSerializer.Deserialize<Trial>(line, SpecJson.Options)!)
            .ToArray();
        var search = new SweepSearch(spec);
        var requests = search.Next(int.MaxValue);
        Assert.Equal(trials.Length, requests.Count);
        foreach (var request in requests)
        {
            var recorded = trials.Single(t => LogGrid.Same(t.LearningRate, request.LearningRate, 1e-6));
            // As the trainer judges a run alone: against the objective's lower bound, 0 for both.
            var judged = recorded with { Verdict = VerdictJudge.Judge(recorded, recorded.InitialLoss ?? 0, deterministic) };
            search.Report(TrialOutcome.From(request, judged));
        }
        Assert.True(search.IsComplete);
        var verdicts = search.Verdicts();
        return requests.ToDictionary(r => double.Parse(r.LearningRate.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), r => verdicts[r.Key]);
    }
}
