using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Spec.Parsing;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>`sweep refine`: a child sweep continues a finished search around its best rate, reusing every finished trial.</summary>
public sealed class SweepRefinementTests
{
    private static SweepSpec CoarseToFine(int refinements) => SpecParser.Parse(
        """{"name":"q","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":30},"search":{"kind":"coarse-to-fine","min":0.001,"max":1,"refinements":"""
        + refinements + ""","pointsPerRefinement":5,"metric":"trainLoss"}}""");

    [Fact]
    public void RefiningOnceMoreRunsExactlyTheStageAFullerSearchWouldHaveRunAndNothingTwice()
    {
        var parent = new LocalSweepRunner(1).Run(CoarseToFine(1), "s-parent", TestContext.Current.CancellationToken);
        var fuller = new LocalSweepRunner(1).Run(CoarseToFine(2), "s-fuller", TestContext.Current.CancellationToken);
        var inheritance = SweepInheritance.From(parent, refinements: 1, points: 5);
        var child = new LocalSweepRunner(1).Run(parent.Spec, "s-child", inheritance, parent.Trials, TestContext.Current.CancellationToken);

        Assert.Equal("s-parent", child.ParentSweepId);
        Assert.Equal(fuller.Best!.LearningRate, child.Best!.LearningRate);
        var lastStageOfFuller = fuller.Trials.Where(t => t.Stage == 2).Select(t => t.LearningRate).Order().ToArray();
        var newInChild = child.Trials.Where(t => t.TrialId.StartsWith("s-child/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(lastStageOfFuller, newInChild.Select(t => t.LearningRate).Order().ToArray());
        Assert.All(newInChild, t => Assert.Equal(1, t.Stage));
        // Every parent trial is in the child's result under its own id, as stage 0, and no rate ran twice.
        Assert.Equal(parent.Trials.Select(t => t.TrialId).Order(), child.Trials.Where(t => t.Stage == 0).Select(t => t.TrialId).Order());
        Assert.Equal(child.Trials.Count, child.Trials.Select(t => t.LearningRate).Distinct().Count());
        Assert.Equal(parent.Trials.Count + lastStageOfFuller.Length, child.Trials.Count);
        Assert.Equal([StageKind.Grid, StageKind.Refine], child.Stages.Select(s => s.Kind));
        Assert.Equal(newInChild.Sum(t => t.WallSeconds), child.ComputeSeconds, 9);
    }

    [Fact]
    public void TheBestOfTheParentStaysTheBestWhenTheRefinementFindsNothingBetter()
    {
        var parent = new LocalSweepRunner(1).Run(CoarseToFine(2), "s-parent", TestContext.Current.CancellationToken);
        var child = new LocalSweepRunner(1).Run(parent.Spec, "s-child", SweepInheritance.From(parent, 1, 2), parent.Trials, TestContext.Current.CancellationToken);
        Assert.True(child.Best!.TrainLoss <= parent.Best!.TrainLoss);
        if (child.Best.TrialId.StartsWith("s-parent/", StringComparison.Ordinal)) Assert.Equal(parent.Best.TrialId, child.Best.TrialId);
    }

    [Theory]
    [InlineData(0, 5, "refinements: 0")]
    [InlineData(1, 0, "points: 0")]
    public void RefinementsAndPointsBelowOneAreRefused(int refinements, int points, string named)
    {
        var parent = new LocalSweepRunner(1).Run(CoarseToFine(0), "s-parent", TestContext.Current.CancellationToken);
        var error = Assert.Throws<InputException>(() => SweepInheritance.From(parent, refinements, points));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyFinishedGridAndCoarseToFineSearchesCanBeRefined()
    {
        var parent = new LocalSweepRunner(1).Run(CoarseToFine(0), "s-parent", TestContext.Current.CancellationToken);
        Assert.Contains("still running", Assert.Throws<InputException>(() => SweepInheritance.From(parent with { Status = SweepStatus.Running })).Message, StringComparison.Ordinal);
        var finder = parent with { Spec = parent.Spec with { Search = new LrFinderSearchSpec() } };
        Assert.Contains("lr-finder", Assert.Throws<InputException>(() => SweepInheritance.From(finder)).Message, StringComparison.Ordinal);
        var nothing = parent with { Trials = [.. parent.Trials.Select(t => t with { Status = TrialStatus.Failed })] };
        Assert.Contains("no finished trial", Assert.Throws<InputException>(() => SweepInheritance.From(nothing)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefinementRestoredFromItsLogContinuesAsTheOriginal()
    {
        var parent = new LocalSweepRunner(1).Run(CoarseToFine(0), "s-parent", TestContext.Current.CancellationToken);
        var inheritance = SweepInheritance.From(parent, 2, 3);
        var original = new SweepSearch(parent.Spec, inheritance);
        var issued = original.Next(10).ToList();
        Assert.NotEmpty(issued);
        Assert.All(issued, r => Assert.Equal(1, r.Stage));
        var restored = SweepSearch.Restore(parent.Spec, issued, [], [], null, inheritance);
        Assert.Equal(original.InFlightKeys.Order(), restored.InFlightKeys.Order());
        Assert.Equal(original.Best!.Key, restored.Best!.Key);
    }

    [Fact]
    public void RefiningAResultFileRunsInThisProcessAsTheRunnerDoes()
    {
        var parent = new LocalSweepRunner(1).Run(CoarseToFine(1), "s-parent", TestContext.Current.CancellationToken);
        var viaFile = new LocalSweepRunner(1).Refine(parent, "s-child", 1, 5, TestContext.Current.CancellationToken);
        var direct = new LocalSweepRunner(1).Run(parent.Spec, "s-child", SweepInheritance.From(parent, 1, 5), parent.Trials, TestContext.Current.CancellationToken);
        Assert.Equal(direct.Best!.LearningRate, viaFile.Best!.LearningRate);
        Assert.Equal(direct.Trials.Select(t => t.TrialId), viaFile.Trials.Select(t => t.TrialId));
    }
}
