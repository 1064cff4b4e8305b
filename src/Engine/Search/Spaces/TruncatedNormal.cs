using MathNet.Numerics;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// The standard normal truncated to [a, b], in log space where the tails need it: the functions of Optuna 3.1's
/// optuna/samplers/_tpe/_truncnorm.py (itself from SciPy's truncnorm), with the same case splits and thresholds.
/// The quantile inverts Φ in closed form (MathNet's erfc⁻¹) where Optuna bisects.
/// </summary>
internal static class TruncatedNormal
{
    public static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);
    private static readonly double Sqrt2 = Math.Sqrt(2);
    private static readonly double InverseSqrt2 = 1 / Math.Sqrt(2);

    /// <summary>Φ(a), through erfc in the tails so the left tail keeps its relative accuracy (Optuna's <c>_ndtr_single</c>).</summary>
    public static double Ndtr(double a)
    {
        double x = a * InverseSqrt2;
        if (x < -InverseSqrt2) return 0.5 * SpecialFunctions.Erfc(-x);
        if (x < InverseSqrt2) return 0.5 + 0.5 * SpecialFunctions.Erf(x);
        return 1.0 - 0.5 * SpecialFunctions.Erfc(x);
    }

    /// <summary>log Φ(a); below −20 the asymptotic series of the Mills ratio (Optuna's <c>_log_ndtr_single</c>).</summary>
    public static double LogNdtr(double a)
    {
        if (a > 6) return -Ndtr(-a);
        if (a > -20) return Math.Log(Ndtr(a));

        double logLeft = -0.5 * a * a - Math.Log(-a) - LogSqrt2Pi;
        double lastTotal = 0, rightHandSide = 1, numerator = 1, denominatorFactor = 1, denominatorStep = 1 / (a * a);
        int sign = 1;
        for (int i = 1; Math.Abs(lastTotal - rightHandSide) > double.Epsilon; i++)
        {
            lastTotal = rightHandSide;
            sign = -sign;
            denominatorFactor *= denominatorStep;
            numerator *= 2 * i - 1;
            rightHandSide += sign * numerator * denominatorFactor;
        }
        return logLeft + Math.Log(rightHandSide);
    }

    /// <summary>log(Φ(b) − Φ(a)) for a ≤ b: the left tail directly, the right tail by symmetry, the middle as log1p(−Φ(a) − Φ(−b)).</summary>
    public static double LogGaussMass(double a, double b)
    {
        if (b <= 0) return LogDiff(LogNdtr(b), LogNdtr(a));
        if (a > 0) return LogDiff(LogNdtr(-a), LogNdtr(-b));
        return Log1P(-Ndtr(a) - Ndtr(-b));
    }

    /// <summary>
    /// The standard normal's q-quantile truncated to [a, b] (Optuna's <c>ppf</c>): Φ(x) = Φ(a) + q·mass for a &lt; 0,
    /// mirrored for a ≥ 0 so the tail that matters is computed on the left. Clamped to [a, b] against rounding.
    /// </summary>
    public static double Quantile(double q, double a, double b)
    {
        if (q <= 0) return a;
        if (q >= 1) return b;
        double logMass = LogGaussMass(a, b);
        double x = a < 0
            ? NdtriExp(LogAddExp(LogNdtr(a), Math.Log(q) + logMass))
            : -NdtriExp(LogAddExp(LogNdtr(-b), Log1P(-q) + logMass));
        return Math.Clamp(x, a, b);
    }

    /// <summary>Φ⁻¹(eʸ): erfc⁻¹ of p, or of 1 − p = −expm1(y) above the median; a bisection where eʸ underflows.</summary>
    public static double NdtriExp(double y)
    {
        if (y >= 0) return double.PositiveInfinity;
        if (y > -Math.Log(2)) return Sqrt2 * SpecialFunctions.ErfcInv(-2 * ExpM1(y));
        if (y > -700) return -Sqrt2 * SpecialFunctions.ErfcInv(2 * Math.Exp(y));
        double low = -100, high = 100, middle = 0;
        for (int i = 0; i < 100; i++)
        {
            middle = 0.5 * (low + high);
            if (LogNdtr(middle) < y) low = middle; else high = middle;
        }
        return middle;
    }

    /// <summary>log(1 + x), exact near 0 (Goldberg's correction of the rounded 1 + x).</summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        if (double.IsInfinity(u)) return u;
        return Math.Log(u) * x / (u - 1);
    }

    /// <summary>eˣ − 1, exact near 0 (Kahan's correction).</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        if (um1 == -1) return -1;
        if (double.IsInfinity(u)) return u;
        return um1 * x / Math.Log(u);
    }

    /// <summary>log(eᵖ − e^q) for p ≥ q.</summary>
    public static double LogDiff(double logP, double logQ) => logP + Log1P(-Math.Exp(logQ - logP));

    /// <summary>log(eᵖ + e^q) (numpy's <c>logaddexp</c>).</summary>
    public static double LogAddExp(double x, double y)
    {
        if (double.IsNegativeInfinity(x)) return y;
        if (double.IsNegativeInfinity(y)) return x;
        double max = Math.Max(x, y);
        return max + Log1P(Math.Exp(-Math.Abs(x - y)));
    }
}
