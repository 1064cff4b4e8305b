using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Training;

/// <summary>
/// The checks that need the data itself: the files load, the split fits, and every arm's model fits the data
/// (logistic needs two classes, softmax and mlp need labels, no model past the parameter limit). The spec parser cannot
/// see any of this; `validate` and `train` run it before anything trains, so a mistake in a data file is reported up
/// front, not mid-sweep. Synthetic data is checked from its spec alone: it is generated only when a run needs it.
/// Models are checked, never built.
/// </summary>
public static class DataCompatibility
{
    public static IReadOnlyList<SpecProblem> Check(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<SpecProblem>();
        if (spec.Data is NoDataSpec) return problems;
        Func<ModelSpec, Action> checkModel;
        if (spec.Data is SyntheticDataSpec synthetic)
        {
            var shape = ShapeOf(synthetic);
            checkModel = model => () => CheckSynthetic(model, synthetic, shape);
        }
        else
        {
            DataSplit split;
            try
            {
                split = DataLoader.Load(spec.Data, spec.Training.Seed);
            }
            catch (InputException e)
            {
                problems.Add(new SpecProblem("$.data", e.Message));
                return problems;
            }
            checkModel = model => () => ModelFactory.Check(model, split.Train);
        }
        var arms = spec.ResolvedArms();
        for (var i = 0; i < arms.Count; i++)
        {
            var path = spec.Search.Arms.Count > 0 ? $"$.search.arms[{i}].model" : "$.model";
            try
            {
                checkModel(arms[i].Model)();
            }
            catch (InputException e)
            {
                problems.Add(new SpecProblem(path, e.Message));
            }
        }
        return problems;
    }

    /// <summary>Throws a <see cref="SpecException"/> listing every problem, if there is any.</summary>
    public static void Ensure(SweepSpec spec)
    {
        var problems = Check(spec);
        if (problems.Count > 0) throw new SpecException(problems);
    }

    private static DataShape ShapeOf(SyntheticDataSpec spec) => spec.Task == SyntheticTask.Logistic
        ? new DataShape("synthetic-logistic", spec.Features, 2, Classification: true)
        : new DataShape("synthetic-linear-regression", spec.Features, 0, Classification: false);

    private static void CheckSynthetic(ModelSpec model, SyntheticDataSpec spec, DataShape shape)
    {
        ModelFactory.Check(model, shape);
        // Its targets are x·w + noise: real numbers that no logistic model can fit.
        if (model is LogisticModelSpec && spec.Task == SyntheticTask.LinearRegression)
            throw new InputException($"model.kind 'logistic' needs targets in [0, 1], and data '{shape.Name}' has real-valued targets: use 'least-squares' for regression.");
    }
}
