using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;

namespace SweepCluster.Engine.Tests.Models;

internal static class Allocation
{
    /// <summary>Bytes this thread allocates in LossAndGradient, Loss and Evaluate, measured after warm-up calls.</summary>
    public static long PerCall(IModel<float> model, Dataset data, int batch)
    {
        var p = TestSets.RandomParameters(model.ParameterCount, 1);
        var g = new float[p.Length];
        var rows = Enumerable.Range(0, batch).ToArray();
        for (int i = 0; i < 3; i++) Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) Run();
        return GC.GetAllocatedBytesForCurrentThread() - before;

        void Run()
        {
            model.LossAndGradient(p, data, rows, g);
            model.Loss(p, data, rows);
            model.Evaluate(p, data, rows);
        }
    }
}
