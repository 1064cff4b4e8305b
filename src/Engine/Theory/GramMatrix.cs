using MathNet.Numerics.LinearAlgebra;
using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Theory;

/// <summary>
/// XᵀX/n of the training rows, with a constant bias column appended when the model has a bias. Accumulated from the
/// non-zero entries of each row only, which on MNIST (81% zeros) is what makes the 785×785 product cheap.
/// </summary>
internal static class GramMatrix
{
    public static Matrix<double> Compute(Dataset data, ReadOnlySpan<int> rows, bool withBias)
    {
        var d = data.Features + (withBias ? 1 : 0);
        var gram = new double[d * d];
        var index = new int[d];
        var value = new double[d];
        foreach (var row in rows)
        {
            var x = data.Row(row);
            var nonZero = 0;
            for (var j = 0; j < x.Length; j++)
            {
                if (x[j] == 0) continue;
                index[nonZero] = j;
                value[nonZero++] = x[j];
            }
            if (withBias) { index[nonZero] = d - 1; value[nonZero++] = 1; }
            for (var a = 0; a < nonZero; a++)
            {
                var offset = index[a] * d;
                var va = value[a];
                for (var b = a; b < nonZero; b++) gram[offset + index[b]] += va * value[b];
            }
        }
        var n = Math.Max(1, rows.Length);
        var matrix = Matrix<double>.Build.Dense(d, d);
        for (var i = 0; i < d; i++)
            for (var j = i; j < d; j++)
            {
                var v = gram[i * d + j] / n;
                matrix[i, j] = v;
                matrix[j, i] = v;
            }
        return matrix;
    }
}
