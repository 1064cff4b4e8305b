using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// The configurations of a grid search over parameters: every combination of the parameters' grid values, the first
/// parameter changing slowest (as Python's itertools.product). A parameter's grid values are its <c>values</c>; for a
/// log range, <see cref="LogGrid.PerDecade"/> points; for a linear range, <c>points</c> evenly spaced points, both ends
/// included. An integer range's points are rounded to whole numbers, repeats dropped; without <c>points</c> it is
/// every whole number from min to max.
/// </summary>
public static class ParameterGrid
{
    /// <summary>How many grid values the parameter has, as a double so that absurd ranges compare without overflow.</summary>
    public static double Count(SearchParameter parameter)
    {
        var estimate = Estimate(parameter);
        // Rounding an integer range can merge points; the exact count is cheap once the estimate is within the limits.
        return parameter.Integer && estimate <= SpecLimits.MaxSearchRuns ? Values(parameter).Count : estimate;
    }

    /// <summary>The number of combinations of the parameters' grid values.</summary>
    public static double Count(IReadOnlyList<SearchParameter> parameters) => parameters.Aggregate(1.0, (count, p) => count * Count(p));

    /// <summary>The parameter's grid values, in order.</summary>
    public static IReadOnlyList<ParameterValue> Values(SearchParameter parameter)
    {
        if (parameter.Values is { } values) return values;
        double min = parameter.Min ?? throw Incomplete(parameter), max = parameter.Max ?? throw Incomplete(parameter);
        if (Estimate(parameter) > SpecLimits.MaxSearchRuns)
            throw new InputException($"Search parameter '{parameter.Name}' has more than {SpecLimits.MaxSearchRuns:N0} grid values.");
        double[] points;
        if (min == max) points = [min];
        else if (parameter.Log) points = LogGrid.PerDecade(min, max, parameter.PointsPerDecade ?? throw Incomplete(parameter));
        else if (parameter.Points is { } count) points = Linear(min, max, count);
        else if (parameter.Integer) points = Enumerable.Range(0, (int)(max - min) + 1).Select(i => min + i).ToArray();
        else throw Incomplete(parameter);
        if (parameter.Integer) points = points.Select(p => Math.Clamp(Math.Round(p), min, max)).Distinct().ToArray();
        return points.Select(ParameterValue.Of).ToArray();
    }

    /// <summary>Every combination, each as the named values a trial runs with, in dimension order.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, ParameterValue>> Configurations(IReadOnlyList<SearchParameter> parameters)
    {
        var grids = parameters.Select(Values).ToArray();
        if (grids.Any(g => g.Count == 0)) yield break;
        var index = new int[grids.Length];
        while (true)
        {
            var configuration = new Dictionary<string, ParameterValue>(grids.Length, StringComparer.Ordinal);
            for (var i = 0; i < grids.Length; i++) configuration[parameters[i].Name] = grids[i][index[i]];
            yield return configuration;
            var d = grids.Length - 1;
            while (d >= 0 && ++index[d] == grids[d].Count) index[d--] = 0;
            if (d < 0) yield break;
        }
    }

    private static double Estimate(SearchParameter p)
    {
        if (p.Values is { } values) return values.Count;
        if (p.Min is not { } min || p.Max is not { } max) return 0;
        if (min == max) return 1;
        if (p.Log) return p.PointsPerDecade is { } perDecade ? SpecLimits.LogGridPoints(min, max, perDecade) : 0;
        if (p.Points is { } count) return count;
        return p.Integer ? Math.Floor(max) - Math.Ceiling(min) + 1 : 0;
    }

    private static double[] Linear(double min, double max, int count)
    {
        if (count == 1) return [min];
        var points = new double[count];
        for (var i = 0; i < count; i++) points[i] = min + (max - min) * i / (count - 1);
        points[^1] = max;
        return points;
    }

    private static InvalidOperationException Incomplete(SearchParameter p) =>
        new($"Search parameter '{p.Name}' has no grid values: the parser lets no such grid through.");
}
