using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>The <see cref="SearchSpace"/> a spec's <c>search.parameters</c> describe, one dimension per parameter in the order written.</summary>
public static class SpecSearchSpace
{
    /// <summary>The space of a random or tpe search (a grid's ranges become their grid values: see <see cref="ParameterGrid"/>).</summary>
    public static SearchSpace From(SearchSpec search)
    {
        ArgumentNullException.ThrowIfNull(search);
        var parameters = search.Parameters ?? throw new InputException("This search has no parameters: it searches η alone.");
        return new SearchSpace(parameters.Select(p => Dimension(p, search is GridSearchSpec)));
    }

    /// <summary>One parameter's dimension: a list of values is categorical; an integer range, integer; else real.</summary>
    public static SearchDimension Dimension(SearchParameter parameter, bool grid = false)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (grid || parameter.Values is not null) return new CategoricalDimension(parameter.Name, grid ? ParameterGrid.Values(parameter) : parameter.Values!);
        double min = parameter.Min ?? throw Incomplete(parameter), max = parameter.Max ?? throw Incomplete(parameter);
        return parameter.Integer
            ? new IntegerDimension(parameter.Name, (long)min, (long)max, parameter.Log)
            : new FloatDimension(parameter.Name, min, max, parameter.Log);
    }

    private static InputException Incomplete(SearchParameter p) => new($"Search parameter '{p.Name}' needs min and max, or values.");
}
