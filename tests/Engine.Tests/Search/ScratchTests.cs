using SweepCluster.Engine.Search;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Search;

public sealed class ScratchTests
{
    [Fact]
    public void Explore()
    {
        var w = new System.Text.StringBuilder();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var q = Sweeps.Quadratic("""{ "kind": "lr-finder", "metric": "trainLoss" }""");
        var r = LrRangeTest.Run(q, q.ResolvedArms()[0], LrRangeTestSettings.From(q.Search)!, null, TestContext.Current.CancellationToken);
        w.AppendLine($"quad: {r.Curve.Count} points, last rate {r.Curve[^1].LearningRate} {r.Suggestions} {sw.ElapsedMilliseconds}ms");
        File.WriteAllLines("/tmp/curve-q.txt", r.Curve.Select(p => FormattableString.Invariant($"{p.LearningRate:R} {p.Loss:R} {p.SmoothedLoss:R}")));
        foreach (var size in new[] { 2000, 8000 })
        {
            sw.Restart();
            var m = Sweeps.Mnist("""{ "kind": "lr-finder" }""", trainSize: size);
            var rm = LrRangeTest.Run(m, m.ResolvedArms()[0], LrRangeTestSettings.From(m.Search)!, null, TestContext.Current.CancellationToken);
            w.AppendLine($"mnist {size}: {rm.Curve.Count} points, last rate {rm.Curve[^1].LearningRate} {rm.Suggestions} {sw.ElapsedMilliseconds}ms");
            File.WriteAllLines($"/tmp/curve-{size}.txt", rm.Curve.Select(p => FormattableString.Invariant($"{p.LearningRate:R} {p.Loss:R} {p.SmoothedLoss:R}")));
        }
        foreach (var eta in new[] { 0.01, 0.03, 0.1, 0.3, 1, 3 })
        {
            sw.Restart();
            var m = Sweeps.Mnist("""{ "kind": "grid", "learningRates": [0.1] }""");
            var t = Trainer.Run(TrialPlan.For(m, m.ResolvedArms()[0], eta), null, null, TestContext.Current.CancellationToken);
            w.AppendLine($"eta {eta}: {t.Status} train {t.TrainLoss} val {t.ValidationLoss} acc {t.ValidationAccuracy} {sw.ElapsedMilliseconds}ms");
        }
        File.WriteAllText("/tmp/scratch-search.txt", w.ToString());
    }
}
