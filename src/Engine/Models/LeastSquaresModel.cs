namespace SweepCluster.Engine.Models;

/// <summary>
/// Linear least squares with a bias: (1/2n)‖Xw + b − y‖² + (l2/2)‖w‖², as nn.Linear + MSELoss / 2. Its Hessian is
/// [X 1]ᵀ[X 1]/n + l2·diag(1, …, 1, 0): the bias column counts in the smoothness L, and l2 does not cover b.
/// Accuracy is NaN (a regression).
/// </summary>
public sealed class LeastSquaresModel(int features, double l2) : LinearModel(features, l2)
{
    private protected override double RowLoss(float score, float target, out double slope)
    {
        slope = (double)score - target;
        return 0.5 * slope * slope;
    }

    private protected override bool? IsCorrect(float score, float target) => null;
}
