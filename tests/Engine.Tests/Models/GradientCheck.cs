using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;

namespace SweepCluster.Engine.Tests.Models;

/// <summary>Central finite differences of a float32 model's Loss, taken in double.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// Compares the analytic gradient with (L(p + εe_i) − L(p − εe_i)) / (actual step), every i. The step is the
    /// float-rounded one, so the difference quotient is exact arithmetic on what Loss saw. Tolerance: per component
    /// |fd − g| ≤ relative × (|g_i| + ‖g‖∞), i.e. about 1e-3 relative on the components that matter.
    /// </summary>
    public static void Assert(IModel<float> model, float[] parameters, Dataset data, int[] rows, float epsilon, double relative = 1e-3)
    {
        var gradient = new float[parameters.Length];
        model.LossAndGradient(parameters, data, rows, gradient);
        double scale = gradient.Max(Math.Abs);
        Xunit.Assert.True(scale > 1e-4, "the gradient is too small for a meaningful check");
        var q = (float[])parameters.Clone();
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < q.Length; i++)
        {
            float plus = parameters[i] + epsilon, minus = parameters[i] - epsilon;
            q[i] = plus;
            double up = model.Loss(q, data, rows);
            q[i] = minus;
            double down = model.Loss(q, data, rows);
            q[i] = parameters[i];
            double fd = (up - down) / ((double)plus - minus);
            double error = Math.Abs(fd - gradient[i]) / (Math.Abs(gradient[i]) + scale);
            if (error > worst) (worst, worstIndex) = (error, i);
        }
        Xunit.Assert.True(worst <= relative,
            $"component {worstIndex}: relative error {worst:E2} > {relative:E0} (gradient {gradient[Math.Max(worstIndex, 0)]}, ‖g‖∞ {scale})");
    }
}
