using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>
/// Verdicts in a sweep, against the arm's best η: flat below it is too-small; above it, flat, ending no better than it
/// started, or a curve that bounced is oscillating; at it, the shape alone; diverged stays diverged.
/// </summary>
public sealed class SweepVerdictsTests
{
    // The best: η 0.1, from 2.3 to 0.3, a fall of 2.0; 10% of that is 0.2.
    private static readonly TrialOutcome Best = Outcome("best", 0.1, 0.3, Verdict.Good);

    private static TrialOutcome Outcome(string key, double rate, double final, Verdict verdict, TrialStatus status = TrialStatus.Completed) =>
        new(key, 0, 0, rate, status, final, final, null, 3, 2.3, verdict, 1);

    [Theory]
    [InlineData(0.01, 2.15, Verdict.Good, Verdict.TooSmall)]       // below, fell 0.15: flat
    [InlineData(0.01, 2.15, Verdict.TooSmall, Verdict.TooSmall)]
    [InlineData(0.01, 2.05, Verdict.TooSmall, Verdict.Good)]       // below, fell 0.25: good, whatever the trainer said alone
    [InlineData(0.01, 1.0, Verdict.Oscillating, Verdict.Oscillating)] // below, not flat, but its curve bounced
    [InlineData(0.1, 0.3, Verdict.Good, Verdict.Good)]             // at the best: the shape alone
    [InlineData(0.1, 0.3, Verdict.Oscillating, Verdict.Oscillating)]
    [InlineData(0.1, 2.25, Verdict.TooSmall, Verdict.Good)]        // at the best η, flat: still judged by shape only
    [InlineData(1.0, 2.15, Verdict.Good, Verdict.Oscillating)]     // above, fell 0.15: too large, not too small
    [InlineData(1.0, 2.15, Verdict.TooSmall, Verdict.Oscillating)]
    [InlineData(1.0, 2.5, Verdict.Good, Verdict.Oscillating)]      // above, ended worse than it started
    [InlineData(1.0, 2.3, Verdict.Good, Verdict.Oscillating)]      // above, ended where it started
    [InlineData(1.0, 1.0, Verdict.Oscillating, Verdict.Oscillating)] // above, fell, but bounced
    [InlineData(1.0, 1.0, Verdict.Good, Verdict.Good)]             // above, fell 1.3 steadily
    public void ARunIsJudgedByItsSideOfTheBestAndItsShape(double rate, double final, Verdict alone, Verdict expected) =>
        Assert.Equal(expected, SweepVerdicts.Judge(Outcome("x", rate, final, alone), Best));

    [Fact]
    public void DivergedStaysDivergedAndUnfinishedRunsHaveNoVerdict()
    {
        Assert.Equal(Verdict.Diverged, SweepVerdicts.Judge(Outcome("x", 1, double.NaN, Verdict.Diverged, TrialStatus.Diverged), Best));
        Assert.Null(SweepVerdicts.Judge(Outcome("x", 1, 2.3, Verdict.Good, TrialStatus.Failed) with { Verdict = null }, Best));
    }

    [Fact]
    public void WithoutABestOrWithoutLossesTheTrainersVerdictStands()
    {
        Assert.Equal(Verdict.TooSmall, SweepVerdicts.Judge(Outcome("x", 1, 2.2, Verdict.TooSmall), null));
        Assert.Equal(Verdict.Good, SweepVerdicts.Judge(Outcome("x", 0.01, 2.2, Verdict.Good) with { InitialLoss = null }, Best));
    }

    [Fact]
    public void TheReferenceIsTheBestThatCompletedNotADivergedRun()
    {
        // Ranked by train loss the diverged run would never win, but an arm of diverged runs and one slow run must
        // judge the slow run against itself (good), not against a diverged one.
        var slow = Outcome("slow", 0.001, 2.2, Verdict.TooSmall);
        var blown = Outcome("blown", 1, 1e6, Verdict.Diverged, TrialStatus.Diverged);
        var verdicts = SweepVerdicts.Judge([slow, blown], new TrialRanking(Metric.TrainLoss)).ToDictionary();
        Assert.Equal(Verdict.Good, verdicts["slow"]);
        Assert.Equal(Verdict.Diverged, verdicts["blown"]);
    }

    [Fact]
    public void TheSearchJudgesEachArmAgainstItsOwnBest()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""
            { "kind": "grid", "learningRates": [0.001, 0.01], "metric": "trainLoss",
              "arms": [ { "name": "a" }, { "name": "b", "optimizer": { "kind": "adam" } } ] }
            """));
        foreach (var r in search.Next(4))
            search.Report(Sweeps.Completed(r, r.Arm == 0 ? (r.LearningRate == 0.01 ? 0.3 : 2.2) : (r.LearningRate == 0.01 ? 2.0 : 2.2), initialLoss: 2.3));
        var verdicts = search.Verdicts();
        Assert.Equal(Verdict.TooSmall, verdicts["0/0/0"]);   // below arm a's best, fell 0.1 of its 2.0
        Assert.Equal(Verdict.Good, verdicts["1/0/0"]);       // below arm b's best, fell 0.1 of its 0.3
    }
}
