using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Training;

/// <summary>
/// The checks that need the data itself: the files load, the split fits, and every arm's model fits the data
/// (logistic needs two classes, softmax and mlp need labels). The spec parser cannot see any of this; `validate`
/// and `train` run it before anything trains, so a mistake in a data file is reported up front, not mid-sweep.
/// </summary>
public static class DataCompatibility
{
    public static IReadOnlyList<SpecProblem> Check(SweepSpec spec)
    {
        var problems = new List<SpecProblem>();
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
        if (spec.Data is NoDataSpec) return problems;
        var arms = spec.ResolvedArms();
        for (var i = 0; i < arms.Count; i++)
        {
            var path = spec.Search.Arms.Count > 0 ? $"$.search.arms[{i}].model" : "$.model";
            try
            {
                ModelFactory.Create(arms[i].Model, split.Train, 1);
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
}
