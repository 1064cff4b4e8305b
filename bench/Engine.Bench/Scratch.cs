using System.Diagnostics;
using SweepCluster.Engine.Search.Spaces;
namespace SweepCluster.Engine.Bench;
internal static class Scratch
{
    public static void Run(IReadOnlyList<TrialObservation> obs, SearchSpace space)
    {
        var b = new SpaceBounds(space);
        var ranks = new ObservationRank[obs.Count];
        for (int rep = 0; rep < 3; rep++)
        {
            var sw = Stopwatch.StartNew(); int n = 0;
            for (int r = 0; r < 20; r++) for (int i = 0; i < obs.Count; i++) { var o = obs[i]; if (b.Contains(o.Point)) n++; if (o.IsFinished) n++; ranks[i] = ObservationRank.Of(o, i) ?? ObservationRank.Unranked; }
            Console.WriteLine($"pass {sw.Elapsed.TotalMilliseconds / 20:F3}");
            sw.Restart();
            for (int r = 0; r < 20; r++) BoundedSplit.Of(ranks, 25, 1024);
            Console.WriteLine($"split {sw.Elapsed.TotalMilliseconds / 20:F3}");
        }
    }
}
