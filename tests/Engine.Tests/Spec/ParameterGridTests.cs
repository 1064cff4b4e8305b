using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>A grid search over parameters: every combination of each parameter's grid values.</summary>
public sealed class ParameterGridTests
{
    private static SearchSpec Grid(string parameters, string extra = "") =>
        Specs.Object(Specs.ContractExample).With("search", $$"""{ "kind": "grid", "parameters": {{parameters}} {{extra}} }""").Parse().Search;

    [Fact]
    public void EachKindOfParameterGivesItsGridValues()
    {
        var search = Assert.IsType<GridSearchSpec>(Grid("""
            { "learningRate": { "min": 1e-3, "max": 1e-1, "log": true, "pointsPerDecade": 1 },
              "optimizer.momentum": { "min": 0, "max": 0.9, "points": 4 },
              "schedule.warmup.steps": { "min": 0, "max": 3, "integer": true },
              "training.batchSize": { "values": [64, "full"] } }
            """));
        Assert.Null(search.LearningRates);
        var p = search.Parameters!;
        Assert.Equal([1e-3, 1e-2, 1e-1], ParameterGrid.Values(p[0]).Select(v => v.Number));
        Assert.Equal([0, 0.3, 0.6, 0.9], ParameterGrid.Values(p[1]).Select(v => v.Number), new ToleranceComparer(1e-15));
        Assert.Equal([0.0, 1, 2, 3], ParameterGrid.Values(p[2]).Select(v => v.Number));
        Assert.Equal([ParameterValue.Of(64), ParameterValue.Of("full")], ParameterGrid.Values(p[3]));
        Assert.Equal(3 * 4 * 4 * 2, ParameterGrid.Count(p));
        var configurations = ParameterGrid.Configurations(p).ToList();
        Assert.Equal(96, configurations.Count);
        Assert.Equal(96, configurations.Select(c => string.Join(",", c.Values)).Distinct().Count());
        // The first parameter changes slowest, the last fastest.
        Assert.Equal([ParameterValue.Of(1e-3), ParameterValue.Of(0), ParameterValue.Of(0), ParameterValue.Of("full")], configurations[1].Values);
    }

    [Fact]
    public void AnIntegerRangeWithPointsIsRoundedWithoutRepeats()
    {
        var p = Grid("""{ "schedule.warmup.steps": { "min": 0, "max": 3, "integer": true, "points": 7 } }""").Parameters![0];
        Assert.Equal([0.0, 1, 2, 3], ParameterGrid.Values(p).Select(v => v.Number));
        Assert.Equal(4, ParameterGrid.Count(p));
    }

    [Theory]
    [InlineData("""{ "learningRate": { "min": 1e-3, "max": 1, "log": true } }""", "$.search.parameters.learningRate.pointsPerDecade", "is required for a log range in a grid search")]
    [InlineData("""{ "optimizer.momentum": { "min": 0, "max": 0.9 } }""", "$.search.parameters[\"optimizer.momentum\"].points", "is required for a linear range in a grid search (or give values)")]
    [InlineData("""{ "optimizer.momentum": { "min": 0, "max": 0.9, "points": 1 } }""", "$.search.parameters[\"optimizer.momentum\"].points", "1 is not allowed; must be ≥ 2")]
    [InlineData("""{ "optimizer.momentum": { "min": 0, "max": 0.9, "pointsPerDecade": 2 } }""", "$.search.parameters[\"optimizer.momentum\"].pointsPerDecade", "is for a log range (\"log\": true); a linear range in a grid takes points")]
    [InlineData("""{ "learningRate": { "min": 1e-3, "max": 1, "log": true, "points": 4 } }""", "$.search.parameters.learningRate.points", "is for a linear range; a log range in a grid takes pointsPerDecade")]
    public void AGridRangeSaysWhichOfItsValuesAreTried(string parameters, string path, string message) =>
        Assert.Contains(new SpecProblem(path, message),
            Specs.Object(Specs.ContractExample).With("search", $$"""{ "kind": "grid", "parameters": {{parameters}} }""").Problems());

    [Fact]
    public void AGridTakesParametersOrLearningRatesNotBoth()
    {
        var problem = Specs.Object(Specs.ContractExample)
            .With("search", """{ "kind": "grid", "learningRates": [0.1], "parameters": { "optimizer.momentum": { "values": [0.5] } } }""").SingleProblem();
        Assert.Equal("$.search.learningRates", problem.Path);
        Assert.StartsWith("give either parameters or learningRates / min and max, not both", problem.Message);
    }

    [Fact]
    public void AGridOfMoreThanAHundredThousandCombinationsIsRefused()
    {
        var problem = Specs.Object(Specs.ContractExample).With("search", """
            { "kind": "grid", "parameters": {
                "schedule.warmup.steps": { "min": 0, "max": 999, "integer": true },
                "optimizer.momentum": { "min": 0, "max": 0.9, "points": 101 } } }
            """).SingleProblem();
        Assert.Equal(("$.search.parameters", "the grid has 101,000 combinations (1000 × 101), more than the limit of 100,000"), (problem.Path, problem.Message));
    }

    [Fact]
    public void RepeatsMultiplyTheGridTowardsTheLimit()
    {
        var problem = Specs.Object(Specs.ContractExample).With("search", """
            { "kind": "grid", "repeats": 20, "parameters": { "schedule.warmup.steps": { "min": 0, "max": 9999, "integer": true } } }
            """).SingleProblem();
        Assert.Equal(("$.search.repeats", "10,000 grid combinations × 20 repeats is 200,000 runs, more than the limit of 100,000"), (problem.Path, problem.Message));
    }

    [Fact]
    public void AGridSpaceHasOneCategoryPerGridValue()
    {
        var space = SpecSearchSpace.From(Grid("""{ "optimizer.momentum": { "min": 0, "max": 0.9, "points": 4 }, "training.batchSize": { "values": [32, 64] } }"""));
        Assert.Equal([4, 2], space.Dimensions.Select(d => Assert.IsType<CategoricalDimension>(d).Count));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
