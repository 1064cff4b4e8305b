using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>The suggestions on hand-made curves are exactly what fastai's definitions give.</summary>
public sealed class LrSuggesterTests
{
    private static readonly double[] Rates = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

    [Fact]
    public void SteepestIsWhereTheCentralDifferenceAgainstLogRateIsMostNegative()
    {
        // Even log spacing: np.gradient is (y[i+1] − y[i−1]) / 2h inside, one-sided at the ends:
        // [−0.1, −0.3, −1.2, −1.1, −0.2, +1.0]·(1/h) → index 2.
        double[] losses = [3.0, 2.9, 2.4, 0.5, 0.2, 1.2];
        Assert.Equal(1e-2, LrSuggester.Steepest(Rates, losses));
    }

    [Fact]
    public void SteepestUsesNumpysUnevenSpacingFormula()
    {
        // Uneven log spacing (a linear ramp): at i = 1, with dx1 = ln 2, dx2 = ln 5, np.gradient gives
        // −dx2/(dx1(dx1+dx2))·y0 + (dx2−dx1)/(dx1·dx2)·y1 + dx1/(dx2(dx1+dx2))·y2; that slope here is the most negative.
        double[] rates = [1, 2, 10, 11];
        double[] losses = [5, 4, 1, 0.9];
        double dx1 = Math.Log(2), dx2 = Math.Log(5), dx3 = Math.Log(1.1);
        var slopes = new[]
        {
            (4 - 5) / dx1,
            -dx2 / (dx1 * (dx1 + dx2)) * 5 + (dx2 - dx1) / (dx1 * dx2) * 4 + dx1 / (dx2 * (dx1 + dx2)) * 1,
            -dx3 / (dx2 * (dx2 + dx3)) * 4 + (dx3 - dx2) / (dx2 * dx3) * 1 + dx2 / (dx3 * (dx2 + dx3)) * 0.9,
            (0.9 - 1) / dx3,
        };
        var expected = rates[Array.IndexOf(slopes, slopes.Min())];
        Assert.Equal(expected, LrSuggester.Steepest(rates, losses));
    }

    [Fact]
    public void MinimumOver10IsTheRateAtTheLowestLossOverTen()
    {
        double[] losses = [3.0, 2.9, 2.4, 0.5, 0.2, 1.2];
        Assert.Equal(0.1, LrSuggester.MinimumOver10(Rates, losses), 15);
    }

    [Fact]
    public void ValleyTakesFastaisPointAlongTheLongestDecreasingRun()
    {
        // Longest strictly decreasing subsequence ending at each point:
        // losses 5 4 6 3 2 7 1 8 → lds 1 2 1 3 4 1 5 1. The first maximum ends at 6; fastai's start = 6 − 5 = 1,
        // sections = 5/3, index = 1 + 1 + 0 = 2.
        double[] losses = [5, 4, 6, 3, 2, 7, 1, 8];
        double[] rates = [1, 2, 3, 4, 5, 6, 7, 8];
        Assert.Equal([1, 2, 1, 3, 4, 1, 5, 1], LrSuggester.LongestDecreasingEndingAt(losses));
        Assert.Equal(3, LrSuggester.Valley(rates, losses));
    }

    [Fact]
    public void ValleyOfALongDescentIsAboutHalfwayDown()
    {
        // 30 points falling, then 10 rising: lds peaks at index 29 with 30; start = −1, sections = 10, index = −1 + 10 + 5 = 14.
        var losses = Enumerable.Range(0, 40).Select(i => i < 30 ? 30.0 - i : 1.0 + i).ToArray();
        var rates = Enumerable.Range(0, 40).Select(i => Math.Pow(10, -5 + i * 0.1)).ToArray();
        Assert.Equal(rates[14], LrSuggester.Valley(rates, losses));
    }

    [Fact]
    public void AValleyOfTwoPointsFromTheStartIsItsFirstPointNotPythonsLast()
    {
        // lds 1 2 1: fastai's start is 1 − 2 = −1 and its index −1 + 0 + 0, which Python reads as the last point.
        double[] losses = [2, 1, 3];
        double[] rates = [0.1, 0.2, 0.3];
        Assert.Equal(0.1, LrSuggester.Valley(rates, losses));
    }

    [Fact]
    public void ValleyOfARisingCurveIsItsFirstPoint()
    {
        double[] losses = [1, 2, 3, 4];
        double[] rates = [0.1, 0.2, 0.3, 0.4];
        Assert.Equal(0.1, LrSuggester.Valley(rates, losses));
    }

    [Fact]
    public void ValleyMatchesFastaisQuadraticLoopOnNoisyCurves()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 100; trial++)
        {
            var n = random.Next(1, 60);
            var losses = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 10, 2)).ToArray();
            var rates = Enumerable.Range(0, n).Select(i => 1e-3 * (i + 1)).ToArray();
            var floor = LrSuggester.ValleyFloor * (losses.Max() - losses.Min());
            Assert.Equal(FastaiValley(rates, losses, floor), LrSuggester.Valley(rates, losses));
        }
    }

    [Fact]
    public void ACreepingFlatStartIsNotTheValley()
    {
        // 40 points creeping down by 1e-6 each (a noise-free start), then a real fall of 1.0 over 20 points, then a rise.
        // Without the floor the creep and the fall form one run of 60 and the suggestion lands in the flat start.
        var losses = Enumerable.Range(0, 70).Select(i => i < 40 ? 2.3 - 1e-6 * i : i < 60 ? 2.3 - 0.05 * (i - 39) : 1.3 + 0.2 * (i - 59)).ToArray();
        var rates = Enumerable.Range(0, 70).Select(i => Math.Pow(10, -6 + 0.1 * i)).ToArray();
        Assert.Equal(60, LrSuggester.LongestDecreasingEndingAt(losses).Max());
        var valley = LrSuggester.Valley(rates, losses);
        Assert.InRange(Array.IndexOf(rates, valley), 40, 59);
        Assert.Equal(FastaiValley(rates, losses, LrSuggester.ValleyFloor * (losses.Max() - losses.Min())), valley);
    }

    [Fact]
    public void SuggestionsSkipTheFirstTenthAndTheLastFivePoints()
    {
        // 50 planned steps: points 0–4 and the last 5 are left out. The raw minimum (point 2) and the final drop are ignored.
        var curve = new List<LrFinderPoint>();
        for (var i = 0; i < 50; i++)
        {
            var smoothed = i switch { 2 => 0.01, >= 45 => 0.0, _ => 10.0 - 0.1 * i };
            curve.Add(new LrFinderPoint(i, Math.Pow(10, -7 + i * 0.16), smoothed, smoothed));
        }
        var suggestions = LrSuggester.Suggest(curve, steps: 50, fallback: 1e-7);
        Assert.Equal(curve[44].LearningRate / 10, suggestions.MinimumOver10, 15);
        var (rates, losses) = LrSuggester.Trim(curve, 50);
        Assert.Equal(40, rates.Length);
        Assert.Equal(curve[5].LearningRate, rates[0]);
        Assert.Equal(LrSuggester.Valley(rates, losses), suggestions.Valley);
    }

    [Fact]
    public void AShortCurveIsUsedWhole()
    {
        var curve = Enumerable.Range(0, 6).Select(i => new LrFinderPoint(i, 0.1 * (i + 1), 6 - i, 6 - i)).ToList();
        var (rates, _) = LrSuggester.Trim(curve, 100);
        Assert.Equal(6, rates.Length);
        Assert.Equal(0.06, LrSuggester.Suggest(curve, 100, 1e-7).MinimumOver10, 15);
    }

    [Fact]
    public void AnEmptyCurveSuggestsTheRampsStart()
    {
        var suggestions = LrSuggester.Suggest([], 100, 1e-7);
        Assert.Equal(new LrSuggestions(1e-7, 1e-8, 1e-7), suggestions);
    }

    /// <summary>fastai's O(n²) valley, transcribed, with a drop counting only beyond <paramref name="floor"/> and the index clamped at 0.</summary>
    private static double FastaiValley(double[] rates, double[] losses, double floor = 0)
    {
        var n = losses.Length;
        int maxStart = 0, maxEnd = 0;
        var lds = Enumerable.Repeat(1, n).ToArray();
        for (var i = 1; i < n; i++)
            for (var j = 0; j < i; j++)
            {
                if (losses[j] > losses[i] + floor && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
                if (lds[maxEnd] < lds[i]) { maxEnd = i; maxStart = maxEnd - lds[maxEnd]; }
            }
        var sections = (maxEnd - maxStart) / 3.0;
        return rates[Math.Max(0, maxStart + (int)sections + (int)(sections / 2))];
    }
}
