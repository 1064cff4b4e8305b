using System.Numerics;
using SweepCluster.Engine.Optimizers;
using SweepCluster.Engine.Schedules;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.TorchReference;

/// <summary>What a run of the minimal training loop saw at each step.</summary>
public sealed record QuadraticTrajectory(double[] LearningRates, double[] Losses, double[] FinalParameters);

/// <summary>
/// The generator's loop, in C#: for each step take the rate (schedule or plateau), record f(x), step along Qx − b;
/// reduce-on-plateau observes f(x) after every k-th step. The quadratic is evaluated in double; a float optimizer
/// gets the double gradient rounded to float.
/// </summary>
public static class QuadraticRun
{
    public static QuadraticTrajectory Run<T>(TorchCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = c.Model.Dimension;
        var q = c.Model.DenseHessian();
        var b = c.Model.Linear ?? new double[n];
        var x = (c.Model.Start ?? Enumerable.Repeat(1.0, n).ToArray()).Select(T.CreateTruncating).ToArray();
        var gradient = new T[n];
        var eta = c.Optimizer.LearningRate ?? 1.0;
        var optimizer = OptimizerFactory.Create<T>(c.Optimizer, n);
        var plateau = c.Schedule is ReduceOnPlateauScheduleSpec p ? new ReduceOnPlateau(p, eta) : null;
        var schedule = plateau is null ? ScheduleFactory.Create(c.Schedule, eta, c.Steps) : null;
        var rates = new double[c.Steps];
        var losses = new double[c.Steps];
        for (var t = 0; t < c.Steps; t++)
        {
            rates[t] = plateau?.Rate ?? schedule!.LearningRate(t);
            losses[t] = Loss(q, b, x);
            for (var i = 0; i < n; i++)
            {
                var qx = 0.0;
                for (var j = 0; j < n; j++)
                    qx += q[i * n + j] * double.CreateTruncating(x[j]);
                gradient[i] = T.CreateTruncating(qx - b[i]);
            }
            optimizer.Step(x, gradient, rates[t]);
            if (plateau is not null && (t + 1) % c.ObserveEvery == 0)
                plateau.Observe(c.ObserveBefore ? losses[t] : Loss(q, b, x));
        }
        return new QuadraticTrajectory(rates, losses, x.Select(double.CreateTruncating).ToArray());
    }

    /// <summary>½ xᵀQx − bᵀx, in the order torch evaluates 0.5 * dot(x, Q @ x) - dot(b, x).</summary>
    public static double Loss<T>(double[] q, double[] b, T[] x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = b.Length;
        double xQx = 0, bx = 0;
        for (var i = 0; i < n; i++)
        {
            var qx = 0.0;
            for (var j = 0; j < n; j++)
                qx += q[i * n + j] * double.CreateTruncating(x[j]);
            xQx += double.CreateTruncating(x[i]) * qx;
            bx += b[i] * double.CreateTruncating(x[i]);
        }
        return 0.5 * xQx - bx;
    }
}
