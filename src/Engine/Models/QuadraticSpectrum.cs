using MathNet.Numerics.LinearAlgebra;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Models;

/// <summary>
/// The extreme eigenvalues of a quadratic's Q: read off the list for <c>eigenvalues</c> (a diagonal Q, never built as a
/// matrix), from Math.NET's symmetric eigen-decomposition for a dense <c>hessian</c>.
/// </summary>
public readonly record struct QuadraticSpectrum(double Min, double Max)
{
    /// <summary>A smallest eigenvalue this far below zero, relative to the largest magnitude, is rounding, not indefiniteness.</summary>
    public const double Tolerance = 1e-10;

    /// <summary>Every eigenvalue ≥ 0 (within <see cref="Tolerance"/>): the objective is bounded below along every direction Q curves.</summary>
    public bool IsPositiveSemiDefinite => Min >= -Tolerance * Math.Max(Math.Abs(Min), Math.Abs(Max));

    public static QuadraticSpectrum Of(QuadraticModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Eigenvalues is { Length: > 0 } diagonal) return new QuadraticSpectrum(diagonal.Min(), diagonal.Max());
        var h = spec.Hessian ?? throw new ArgumentException("The quadratic has neither eigenvalues nor a hessian.", nameof(spec));
        var n = h.Length;
        if (n > SpecLimits.MaxHessianDimension)
            throw new InputException($"model.hessian has {n} rows; a dense hessian may have at most {SpecLimits.MaxHessianDimension}.");
        var q = Matrix<double>.Build.Dense(n, n, (i, j) => h[i][j]);
        var values = q.Evd(Symmetricity.Symmetric).EigenValues;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            min = Math.Min(min, v.Real);
            max = Math.Max(max, v.Real);
        }
        return new QuadraticSpectrum(min, max);
    }
}
