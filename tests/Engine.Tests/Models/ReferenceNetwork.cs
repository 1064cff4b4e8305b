using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Models;

/// <summary>
/// The feed-forward objective written the obvious way in float64 from the documented layout (per layer W [in][out]
/// row-major, then b; mean cross-entropy + (l2/2)Σ‖W‖²): an independent check of loss values and of the layout.
/// </summary>
internal static class ReferenceNetwork
{
    public static double Loss(float[] p, int[] sizes, Activation activation, double l2, Dataset data, int[] rows) =>
        Run(p, sizes, activation, l2, data, rows, out _, out _);

    /// <summary>Also returns the smallest |pre-activation| of any hidden unit (to keep finite differences off relu kinks).</summary>
    public static double Run(float[] p, int[] sizes, Activation activation, double l2, Dataset data, int[] rows,
        out double accuracy, out double smallestPreActivation)
    {
        double loss = 0, penalty = 0;
        int correct = 0;
        smallestPreActivation = double.PositiveInfinity;
        foreach (int row in rows)
        {
            double[] h = data.Row(row).ToArray().Select(v => (double)v).ToArray();
            int offset = 0;
            for (int l = 0; l < sizes.Length - 1; l++)
            {
                int inputs = sizes[l], outputs = sizes[l + 1];
                var z = new double[outputs];
                for (int j = 0; j < outputs; j++)
                {
                    double s = p[offset + inputs * outputs + j];
                    for (int k = 0; k < inputs; k++) s += h[k] * p[offset + k * outputs + j];
                    z[j] = s;
                }
                offset += (inputs + 1) * outputs;
                bool hidden = l < sizes.Length - 2;
                if (hidden)
                {
                    foreach (var v in z) smallestPreActivation = Math.Min(smallestPreActivation, Math.Abs(v));
                    h = z.Select(v => activation == Activation.Relu ? Math.Max(v, 0) : Math.Tanh(v)).ToArray();
                }
                else h = z;
            }
            double max = h.Max();
            loss += Math.Log(h.Sum(v => Math.Exp(v - max))) + max - h[data.Labels![row]];
            if (Array.IndexOf(h, max) == data.Labels[row]) correct++;
        }
        int o = 0;
        for (int l = 0; l < sizes.Length - 1; l++)
        {
            for (int i = 0; i < sizes[l] * sizes[l + 1]; i++) penalty += (double)p[o + i] * p[o + i];
            o += (sizes[l] + 1) * sizes[l + 1];
        }
        accuracy = (double)correct / rows.Length;
        return loss / rows.Length + 0.5 * l2 * penalty;
    }
}
