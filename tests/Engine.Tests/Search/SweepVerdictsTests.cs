using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>too-small in a sweep: the loss fell by less than 10% of the way the best trial of its arm fell.</summary>
public sealed class SweepVerdictsTests
{
    private static TrialOutcome Outcome(string key, double final, Verdict verdict, TrialStatus status = TrialStatus.Completed, int arm = 0) =>
        new(key, arm, 0, 0.1, status, final, final, null, 3, 2.3, verdict, 1);

    [Fact]
    public void TooSmallIsJudgedAgainstHowFarTheBestTrialFell()
    {
        // The best fell 2.0 (2.3 → 0.3): 10% of that is 0.2.
        var best = Outcome("best", 0.3, Verdict.Good);
        var barely = Outcome("barely", 2.15, Verdict.Good);          // fell 0.15 → too-small
        var enough = Outcome("enough", 2.05, Verdict.TooSmall);      // fell 0.25 → good, whatever the trainer said alone
        var wavy = Outcome("wavy", 2.25, Verdict.Oscillating);       // the curve's verdict stands
        var blown = Outcome("blown", double.NaN, Verdict.Diverged, TrialStatus.Diverged);
        var verdicts = SweepVerdicts.Judge([best, barely, enough, wavy, blown], new TrialRanking(Metric.TrainLoss)).ToDictionary();
        Assert.Equal(Verdict.Good, verdicts["best"]);
        Assert.Equal(Verdict.TooSmall, verdicts["barely"]);
        Assert.Equal(Verdict.Good, verdicts["enough"]);
        Assert.Equal(Verdict.Oscillating, verdicts["wavy"]);
        Assert.Equal(Verdict.Diverged, verdicts["blown"]);
    }

    [Fact]
    public void WithoutAFallToCompareWithTheTrainersVerdictStands()
    {
        var alone = Outcome("alone", 2.2, Verdict.TooSmall) with { InitialLoss = null };
        Assert.Equal(Verdict.TooSmall, SweepVerdicts.Judge(alone, 1.0));
        Assert.Equal(Verdict.TooSmall, SweepVerdicts.Judge(Outcome("x", 2.2, Verdict.TooSmall), null));
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
        Assert.Equal(Verdict.TooSmall, verdicts["0/0/0"]);   // fell 0.1 of arm a's 2.0
        Assert.Equal(Verdict.Good, verdicts["1/0/0"]);       // fell 0.1 of arm b's 0.3
    }
}
