using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Training;

/// <summary>The shape rules a run is judged by alone: bouncing steps, zig-zagging epochs, a loss risen above its start.</summary>
public sealed class VerdictJudgeTests
{
    private static TrialHistory History(double[] steps, double[] epochs) => new(
        [.. steps.Select((loss, i) => new StepPoint(i, 0, 0.1, loss))],
        [.. epochs.Select((loss, i) => new EpochPoint(i, loss, null, null))]);

    [Fact]
    public void AnExactLossAboveItsFirstIsAnOvershoot()
    {
        Assert.True(VerdictJudge.Oscillates(History([10, 4, 2, 11, 1, 0.5, 0.4, 0.3], []), deterministic: true));
        Assert.False(VerdictJudge.Oscillates(History([10, 4, 2, 1.5, 1, 0.5, 0.4, 0.3], []), deterministic: true));
    }

    [Fact]
    public void ANoisyRunOvershootsOnlyBeyondTwiceItsFirstLoss()
    {
        var falling = Enumerable.Range(0, 40).Select(i => 2.3 - i * 0.05).ToArray();
        Assert.False(VerdictJudge.Oscillates(History([2.3, 4.5, .. falling[2..]], []), deterministic: false));
        Assert.True(VerdictJudge.Oscillates(History([2.3, 4.7, .. falling[2..]], []), deterministic: false));
    }

    [Fact]
    public void NoisyEpochLossesZigZagOnlyByMoreThanOnePercent()
    {
        Assert.True(VerdictJudge.ZigZags([Epoch(1.12), Epoch(1.17), Epoch(1.08)], VerdictJudge.NoisyEpochRise));
        Assert.False(VerdictJudge.ZigZags([Epoch(1.12), Epoch(1.125), Epoch(1.08)], VerdictJudge.NoisyEpochRise));
        Assert.True(VerdictJudge.ZigZags([Epoch(1.12), Epoch(1.125), Epoch(1.08)]));   // exact: any rise counts
        Assert.False(VerdictJudge.ZigZags([Epoch(1.12), Epoch(1.17)], VerdictJudge.NoisyEpochRise));   // fewer than three epochs

        static EpochPoint Epoch(double loss) => new(0, loss, null, null);
    }

    [Fact]
    public void AloneAnOvershootIsOscillatingBeforeItIsTooSmall()
    {
        // Fell from 2.3 to 2.2, under 10% of the way to 0, after a batch loss of 11.7.
        var trial = new Trial("t", 0, 0, 1, new SgdSpec(), new ConstantScheduleSpec(), TrialStatus.Completed, null, 1, 8, 2.2, null, null,
            null, 1, 1, null, History([2.3, 11.7, 3, 2.5, 2.3, 2.2, 2.25, 2.2], [])) { InitialLoss = 2.3 };
        Assert.Equal(Verdict.Oscillating, VerdictJudge.Judge(trial, 2.3, deterministic: false));
        Assert.Equal(Verdict.TooSmall, VerdictJudge.Judge(trial with { History = History([2.3, 2.3, 2.28, 2.27, 2.25, 2.24, 2.22, 2.2], []) }, 2.3, deterministic: false));
    }
}
