using SweepCluster.Engine.Data;
using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Models;

/// <summary>
/// A score z = x·w + b per row and a loss of (z, target): least squares and logistic regression. The bias is
/// included (PyTorch users model these with nn.Linear(features, 1), which has one) and carries no l2; the loss is
/// mean row loss + (l2/2)‖w‖². Parameters: w [features] then b; they start at zero (both objectives are convex).
/// The rows' targets come from <see cref="Dataset.Target"/>: the label as a number for classification data.
/// </summary>
public abstract class LinearModel : IModel<float>, IHasParameterLayout
{
    private readonly double _l2;

    private protected LinearModel(int features, double l2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        if (!(l2 >= 0 && double.IsFinite(l2))) throw new ArgumentOutOfRangeException(nameof(l2), l2, "l2 must be finite and ≥ 0.");
        Features = features;
        _l2 = l2;
        Layout = new ParameterLayout([
            new ParameterBlock("weight", ParameterRole.Weight, 0, features, 1),
            new ParameterBlock("bias", ParameterRole.Bias, features, 1, 1),
        ]);
    }

    public int Features { get; }

    public double L2 => _l2;

    public int ParameterCount => Features + 1;

    /// <summary>"weight" (features × 1) then "bias" (1 × 1).</summary>
    public ParameterLayout Layout { get; }

    /// <summary>The loss of one row given its score, in double, and its derivative with respect to the score.</summary>
    private protected abstract double RowLoss(float score, float target, out double slope);

    /// <summary>Whether the row counts as correctly classified; null when accuracy has no meaning.</summary>
    private protected abstract bool? IsCorrect(float score, float target);

    public void Initialize(Span<float> parameters, int seed)
    {
        CheckLength(parameters.Length, nameof(parameters));
        parameters.Clear();
    }

    public double LossAndGradient(ReadOnlySpan<float> parameters, Dataset data, ReadOnlySpan<int> rows, Span<float> gradient)
    {
        Check(parameters, data);
        CheckLength(gradient.Length, nameof(gradient));
        if (rows.IsEmpty) throw new ArgumentException("A batch needs at least one row.", nameof(rows));
        var w = parameters[..Features];
        var gw = gradient[..Features];
        if (_l2 == 0) gw.Clear();
        else VectorMath.Multiply(w, (float)_l2, gw);

        double loss = 0, biasSlope = 0, inverse = 1.0 / rows.Length;
        foreach (int row in rows)
        {
            var x = RowOf(data, row);
            loss += RowLoss(Score(x, parameters), data.Target(row), out double slope);
            VectorMath.MultiplyAdd(x, (float)(slope * inverse), gw, gw);
            biasSlope += slope;
        }
        gradient[Features] = (float)(biasSlope * inverse);
        return loss * inverse + Penalty(w);
    }

    public double Loss(ReadOnlySpan<float> parameters, Dataset data, ReadOnlySpan<int> rows) =>
        Evaluate(parameters, data, rows).Loss;

    /// <summary>Mean loss (l2 included) and accuracy (NaN where it has no meaning); NaN for no rows.</summary>
    public Evaluation Evaluate(ReadOnlySpan<float> parameters, Dataset data, ReadOnlySpan<int> rows)
    {
        Check(parameters, data);
        if (rows.IsEmpty) return new Evaluation(double.NaN, double.NaN);
        double loss = 0;
        long correct = 0;
        bool scored = true;
        foreach (int row in rows)
        {
            float z = Score(RowOf(data, row), parameters), y = data.Target(row);
            loss += RowLoss(z, y, out _);
            bool? hit = IsCorrect(z, y);
            scored &= hit.HasValue;
            if (hit == true) correct++;
        }
        return new Evaluation(loss / rows.Length + Penalty(parameters[..Features]), scored ? (double)correct / rows.Length : double.NaN);
    }

    private float Score(ReadOnlySpan<float> x, ReadOnlySpan<float> parameters) =>
        VectorMath.Dot(x, parameters[..Features]) + parameters[Features];

    private ReadOnlySpan<float> RowOf(Dataset data, int row)
    {
        if ((uint)row >= (uint)data.Rows)
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row index outside data '{data.Name}' ({data.Rows} rows).");
        return data.X.AsSpan(row * Features, Features);
    }

    private double Penalty(ReadOnlySpan<float> w) => _l2 == 0 ? 0 : 0.5 * _l2 * VectorMath.SumOfSquares(w);

    private void Check(ReadOnlySpan<float> parameters, Dataset data)
    {
        CheckLength(parameters.Length, nameof(parameters));
        if (data.Features != Features)
            throw new ArgumentException($"Data '{data.Name}' has {data.Features} features, the model {Features}.", nameof(data));
    }

    private void CheckLength(int length, string name)
    {
        if (length != ParameterCount)
            throw new ArgumentException($"{name} has {length} values, the model {ParameterCount}.", name);
    }
}
