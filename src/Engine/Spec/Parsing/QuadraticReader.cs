using System.Text.Json;
using SweepCluster.Engine.Models;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads the quadratic model: Q as a symmetric <c>hessian</c> or its diagonal <c>eigenvalues</c>, and b, x0 of matching length.</summary>
internal static class QuadraticReader
{
    /// <summary>Entries count as symmetric when they differ by at most this much relative to their size (at least 1).</summary>
    public const double SymmetryTolerance = 1e-12;

    public static QuadraticModelSpec? Read(SpecObject o, QuadraticModelSpec? baseline)
    {
        var hasHessian = o.Has("hessian");
        var hasEigenvalues = o.Has("eigenvalues");
        var hessian = hasHessian ? Matrix(o.Field("hessian")!.Value, o.At("hessian"), o.Problems) : null;
        var eigenvalues = hasEigenvalues && FitsDimension(o, "eigenvalues", SpecLimits.MaxQuadraticDimension)
            ? NonNegative(o.Doubles("eigenvalues", Must.Anything, required: false), o.At("eigenvalues"), o.Problems)
            : null;
        var hasLinear = o.Has("linear");
        var linear = hasLinear ? o.Doubles("linear", Must.Anything, required: false) : baseline?.Linear;
        var hasStart = o.Has("start");
        var start = hasStart ? o.Doubles("start", Must.Anything, required: false) : baseline?.Start;

        if (hasHessian && hasEigenvalues)
        {
            o.Problems.Add(o.At("eigenvalues"), "give either hessian or eigenvalues, not both");
            return null;
        }
        // An arm that names one form of Q replaces the baseline's Q, whichever form that had.
        if (!hasHessian && !hasEigenvalues)
        {
            if (baseline is null)
            {
                o.Problems.Add(o.Path, "the quadratic model needs either hessian (a symmetric matrix) or eigenvalues (its diagonal)");
                return null;
            }
            (hessian, eigenvalues) = (baseline.Hessian, baseline.Eigenvalues);
        }
        if (hessian is null && eigenvalues is null) return null;

        var dimension = eigenvalues?.Length ?? hessian!.Length;
        var from = eigenvalues is not null ? "eigenvalues" : "hessian";
        var ok = MatchesDimension(o, "linear", hasLinear || baseline is null, linear, dimension, from)
               & MatchesDimension(o, "start", hasStart || baseline is null, start, dimension, from);
        if (!ok || (hasLinear && linear is null) || (hasStart && start is null)) return null;
        return new QuadraticModelSpec(hessian, eigenvalues, linear, start);
    }

    private static bool MatchesDimension(SpecObject o, string field, bool named, double[]? values, int dimension, string from)
    {
        if (values is null || values.Length == dimension) return true;
        var where = named ? o.At(field) : o.Path;
        o.Problems.Add(where, $"{field} has {ValueText.Plural(values.Length, "value")} but the dimension is {dimension} (from {from})");
        return false;
    }

    // Counted before the values are read, so a huge list is refused without building anything from it.
    private static bool FitsDimension(SpecObject o, string field, int max)
    {
        if (o.Field(field) is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() <= max) return true;
        o.Problems.Add(o.At(field), $"has {ValueText.Count(list.GetArrayLength())} values; a quadratic given by {field} may have at most {ValueText.Count(max)} dimensions");
        return false;
    }

    /// <summary>The eigenvalues, or null after one problem naming the first negative one (Q must be positive semi-definite).</summary>
    private static double[]? NonNegative(double[]? eigenvalues, string path, Problems problems)
    {
        if (eigenvalues is null) return null;
        var negative = Array.FindIndex(eigenvalues, v => v < 0);
        if (negative < 0) return eigenvalues;
        var count = eigenvalues.Count(v => v < 0);
        problems.Add(JsonPath.Index(path, negative),
            $"{ValueText.Number(eigenvalues[negative])} is not allowed; eigenvalues must be ≥ 0 (Q positive semi-definite, else the loss has no minimum)" +
            (count > 1 ? $"; {ValueText.Count(count)} of them are negative" : ""));
        return null;
    }

    /// <summary>A non-empty square symmetric positive semi-definite matrix of finite numbers, or null after problems.</summary>
    private static double[][]? Matrix(JsonElement e, string path, Problems problems)
    {
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > SpecLimits.MaxHessianDimension)
        {
            problems.Add(path, $"has {ValueText.Count(e.GetArrayLength())} rows; a dense hessian may have at most {ValueText.Count(SpecLimits.MaxHessianDimension)} " +
                               "(give a diagonal Q as eigenvalues, which may be far larger)");
            return null;
        }
        var rows = JsonValues.Array(e, path, (row, rowPath) => Row(row, rowPath, problems), problems);
        if (rows is null) return null;
        if (rows.Length == 0)
        {
            problems.Add(path, "the matrix is empty; give at least one row");
            return null;
        }
        var n = rows.Length;
        var square = true;
        for (var i = 0; i < n; i++)
        {
            if (rows[i].Values.Length == n) continue;
            problems.Add(JsonPath.Index(path, i), $"row {i} has {ValueText.Plural(rows[i].Values.Length, "value")}; a {n}×{n} matrix needs {n}");
            square = false;
        }
        if (!square) return null;
        var matrix = rows.Select(r => r.Values).ToArray();
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var (a, b) = (matrix[i][j], matrix[j][i]);
                if (Math.Abs(a - b) <= SymmetryTolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)))) continue;
                // One pair is enough to make the point; listing all n² would bury the other problems.
                problems.Add(JsonPath.Index(JsonPath.Index(path, i), j),
                    $"{ValueText.Number(a)} differs from hessian[{j}][{i}] = {ValueText.Number(b)}; the hessian must be symmetric");
                return null;
            }
        var smallest = QuadraticSpectrum.Of(new QuadraticModelSpec(Hessian: matrix));
        if (smallest.IsPositiveSemiDefinite) return matrix;
        problems.Add(path, $"is not positive semi-definite: its smallest eigenvalue is {ValueText.Number(smallest.Min)}; " +
                           "every eigenvalue must be ≥ 0, else the loss has no minimum");
        return null;
    }

    private static MatrixRow? Row(JsonElement row, string path, Problems problems) =>
        JsonValues.Array(row, path, (item, itemPath) => JsonValues.Double(item, itemPath, Must.Anything, problems), problems) is { } values
            ? new MatrixRow(values)
            : null;

    // JsonValues.Array collects structs, so a row travels wrapped.
    private readonly record struct MatrixRow(double[] Values);
}
