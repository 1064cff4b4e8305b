namespace SweepCluster.Engine.Models;

/// <summary>
/// Binary logistic regression with a bias: mean binary cross-entropy of sigmoid(x·w + b) against targets in [0, 1]
/// + (l2/2)‖w‖², as nn.Linear + BCEWithLogitsLoss. Accuracy: the score's sign against the target rounded at ½.
/// </summary>
public sealed class LogisticModel(int features, double l2) : LinearModel(features, l2)
{
    // max(z, 0) − z·y + log(1 + e^−|z|): BCEWithLogitsLoss's form, finite for any finite score.
    private protected override double RowLoss(float score, float target, out double slope)
    {
        double z = score;
        double e = Math.Exp(-Math.Abs(z));
        slope = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - target;
        return Math.Max(z, 0) - z * target + double.LogP1(e);
    }

    private protected override bool? IsCorrect(float score, float target) => score >= 0 == target >= 0.5f;
}
