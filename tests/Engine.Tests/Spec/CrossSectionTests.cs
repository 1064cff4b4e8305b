using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>Checks that need two sections at once: metric and model, metric and data, ASHA and epochs, trial limits.</summary>
public sealed class CrossSectionTests
{
    private static System.Text.Json.Nodes.JsonObject LeastSquares() =>
        Specs.Softmax().With("model", """{ "kind": "least-squares" }""").With("data", """{ "source": "synthetic" }""");

    [Fact]
    public void ValidationAccuracyNeedsAClassificationModel()
    {
        var problem = LeastSquares().With("search", """{ "kind": "grid", "learningRates": [0.1], "metric": "validationAccuracy" }""").SingleProblem();
        Assert.Equal("$.search.metric: search.metric validationAccuracy needs a classification model (logistic, softmax or mlp); the model is least-squares",
            problem.ToString());
    }

    [Theory]
    [InlineData("logistic")]
    [InlineData("softmax")]
    [InlineData("mlp")]
    public void ValidationAccuracyRanksClassifiers(string model) =>
        Assert.Empty(Specs.Softmax().With("model", $$"""{ "kind": "{{model}}" }""")
            .With("search", """{ "kind": "grid", "learningRates": [0.1], "metric": "validationAccuracy" }""").Problems());

    [Fact]
    public void APlateauScheduleOnAccuracyNeedsAClassificationModelToo() =>
        Assert.Equal("$.schedule.metric",
            LeastSquares().With("schedule", """{ "kind": "reduce-on-plateau", "metric": "validationAccuracy" }""").SingleProblem().Path);

    [Fact]
    public void ASearchRankingByValidationLossNeedsValidationRows()
    {
        var problem = Specs.Softmax().With("data.validationSize", "0").With("search", """{ "kind": "grid", "learningRates": [0.1] }""").SingleProblem();
        Assert.Equal("$.search.metric: validationLoss (the default) needs validation data, but data.validationSize is 0; give validationSize > 0 or use trainLoss",
            problem.ToString());
    }

    [Fact]
    public void ASearchRankingByTrainingLossNeedsNoValidationRows() =>
        Assert.Empty(Specs.Softmax().With("data.validationSize", "0")
            .With("search", """{ "kind": "grid", "learningRates": [0.1], "metric": "trainLoss" }""").Problems());

    [Fact]
    public void ASingleRunNeedsNoValidationRows() => Assert.Empty(Specs.Softmax().With("data.validationSize", "0").Problems());

    [Fact]
    public void ValidationRowsAreNotJudgedWhenTheFilesDecide()
    {
        using var dir = new TempDirectory();
        dir.Write("d.csv", "x,y\n");
        Assert.Empty(Specs.Softmax().With("data", """{ "source": "csv", "path": "d.csv" }""")
            .With("search", """{ "kind": "grid", "learningRates": [0.1] }""").Problems(dir.Path));
    }

    [Fact]
    public void WithoutDataAValidationMetricIsAProblem() =>
        Assert.Equal("$.search.metric", Specs.Quadratic()
            .With("search", """{ "kind": "grid", "learningRates": [0.1], "metric": "validationLoss" }""").SingleProblem().Path);

    [Fact]
    public void AshaCannotStartAfterTheLastEpoch() =>
        Assert.Equal("$.search.earlyStopping.minEpochs", Specs.Softmax().With("training.epochs", "3")
            .With("search", """{ "kind": "grid", "learningRates": [0.1], "earlyStopping": { "kind": "asha", "minEpochs": 5 } }""").SingleProblem().Path);

    [Fact]
    public void AGridOfMoreThanAHundredThousandPointsIsRefusedWithItsCount()
    {
        var problem = Specs.Softmax().With("search", """{ "kind": "grid", "min": 1e-5, "max": 10, "pointsPerDecade": 20000 }""").SingleProblem();
        Assert.Equal("$.search.pointsPerDecade: a grid of 120,001 trials is more than the limit of 100,000 per arm", problem.ToString());
    }

    [Fact]
    public void AnAbsurdGridIsRefusedWithoutOverflow() =>
        Assert.Contains("is more than the limit of 100,000", Specs.Softmax()
            .With("search", """{ "kind": "grid", "min": 1e-300, "max": 1e300, "pointsPerDecade": 1e300 }""").SingleProblem().Message);

    [Fact]
    public void AnExplicitListOfMoreThanAHundredThousandRatesIsRefused()
    {
        var rates = "[" + string.Join(",", Enumerable.Repeat("0.1", SpecLimits.MaxTrialsPerArm + 1)) + "]";
        Assert.Equal("$.search.learningRates: a grid of 100,001 trials is more than the limit of 100,000 per arm",
            Specs.Softmax().With("search", $$"""{ "kind": "grid", "learningRates": {{rates}} }""").SingleProblem().ToString());
    }

    [Fact]
    public void ACoarseGridOfMoreThanAHundredThousandPointsIsRefused() =>
        Assert.Equal("$.search.pointsPerDecade",
            Specs.Softmax().With("search", """{ "kind": "coarse-to-fine", "pointsPerDecade": 50000 }""").SingleProblem().Path);

    [Fact]
    public void RefinementsThatAddUpToMoreThanTheLimitAreRefused() =>
        Assert.Equal("$.search.refinements",
            Specs.Softmax().With("search", """{ "kind": "coarse-to-fine", "refinements": 1000, "pointsPerRefinement": 200 }""").SingleProblem().Path);

    [Theory]
    [InlineData(1e-4, 10, 1, 6)]
    [InlineData(1e-5, 10, 1, 7)]
    [InlineData(1e-3, 1, 3, 10)]
    [InlineData(0.01, 0.5, 1, 3)]
    public void ALogGridCountsBothEnds(double min, double max, double pointsPerDecade, double points) =>
        Assert.Equal(points, SpecLimits.LogGridPoints(min, max, pointsPerDecade));
}
