using System.Runtime.CompilerServices;

namespace SweepCluster.Engine.Models;

/// <summary>Cross-entropy of softmax(logits) against class labels, in the log-sum-exp form that never overflows.</summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Returns Σ over rows of −log softmax(z)[label] (in double) and counts rows whose argmax is the label (the first
    /// maximum on ties, as torch.argmax). <paramref name="work"/> (rows × classes) receives scale × (softmax − onehot),
    /// the gradient of scale × the sum with respect to the logits. A NaN logit makes that row's loss NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Apply(
        ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> labels, float scale, Span<float> work, out int correct)
    {
        double loss = 0;
        correct = 0;
        for (int r = 0; r < labels.Length; r++)
        {
            var z = logits.Slice(r * classes, classes);
            var p = work.Slice(r * classes, classes);
            int y = labels[r], best = 0;
            float max = z[0];
            for (int j = 1; j < z.Length; j++)
                if (z[j] > max) (max, best) = (z[j], j);
            if (best == y) correct++;
            float sum = 0;
            for (int j = 0; j < z.Length; j++)
                sum += p[j] = MathF.Exp(z[j] - max);
            loss += Math.Log(sum) - (z[y] - max);
            float f = scale / sum;
            for (int j = 0; j < p.Length; j++) p[j] *= f;
            p[y] -= scale;
        }
        return loss;
    }
}
