using System.Numerics.Tensors;

namespace SweepCluster.Engine.Models;

/// <summary>Cross-entropy of softmax(logits) against class labels, in the log-sum-exp form that never overflows.</summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Returns Σ over rows of −log softmax(z)[label] (in double) and counts rows whose argmax is the label (the first
    /// maximum on ties, as torch.argmax). <paramref name="work"/> (rows × classes) receives scale × (softmax − onehot),
    /// the gradient of scale × the sum with respect to the logits.
    /// </summary>
    public static double Apply(
        ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> labels, float scale, Span<float> work, out int correct)
    {
        int rows = labels.Length;
        correct = 0;
        Span<float> e = work[..(rows * classes)];
        for (int r = 0; r < rows; r++)
        {
            var z = logits.Slice(r * classes, classes);
            int best = 0;
            for (int j = 1; j < z.Length; j++)
                if (z[j] > z[best]) best = j;
            if (best == labels[r]) correct++;
            TensorPrimitives.Subtract(z, z[best], e.Slice(r * classes, classes));
        }
        // One call over the whole chunk: per-row calls on 10 values would be dominated by call overhead.
        TensorPrimitives.Exp(e, e);
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            var p = e.Slice(r * classes, classes);
            int y = labels[r];
            float sum = TensorPrimitives.Sum(p);
            float shiftedTarget = logits[r * classes + y] - MaxOf(logits.Slice(r * classes, classes));
            loss += Math.Log(sum) - shiftedTarget;
            TensorPrimitives.Multiply(p, scale / sum, p);
            p[y] -= scale;
        }
        return loss;
    }

    private static float MaxOf(ReadOnlySpan<float> z)
    {
        float m = z[0];
        for (int j = 1; j < z.Length; j++)
            if (z[j] > m) m = z[j];
        return m;
    }
}
