using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

public sealed class ProblemCollectionTests
{
    private static readonly System.Text.Json.Nodes.JsonObject FiveMistakes = Specs.Softmax()
        .With("optimizer.momentum", "-0.5")
        .With("schedule", """{ "kind": "cosin", "tMax": 10 }""")
        .With("training.epochs", "0")
        .With("search", """{ "kind": "grid", "learningRates": [0.1], "metric": "accuracy" }""")
        .With("epoch", "3");

    [Fact]
    public void ASpecWithFiveDifferentMistakesYieldsFiveProblems() =>
        Assert.Equal(
            ["$.optimizer.momentum", "$.schedule.kind", "$.training.epochs", "$.search.metric", "$.epoch"],
            FiveMistakes.Problems().Select(p => p.Path));

    [Fact]
    public void ParseThrowsOneExceptionListingEveryProblemOnItsOwnLine()
    {
        var e = Assert.Throws<SpecException>(() => FiveMistakes.Parse());
        Assert.Equal(5, e.Problems.Count);
        Assert.Equal(e.Problems.Select(p => p.ToString()), e.Message.Split(Environment.NewLine));
        Assert.IsAssignableFrom<InputException>(e);
    }

    [Fact]
    public void AProblemReadsAsPathThenMessage()
    {
        var problem = Specs.Softmax().With("optimizer.momentum", "-0.5").SingleProblem();
        Assert.Equal("$.optimizer.momentum: -0.5 is not allowed; must be in [0, 1)", problem.ToString());
    }

    [Fact]
    public void AnUnknownFieldIsNamedWithTheAllowedFieldsAndTheLikelyIntent() =>
        Assert.Equal(
            "\"momentun\" is not a field of the sgd optimizer; allowed: kind, learningRate, weightDecay, momentum, dampening, nesterov (did you mean \"momentum\"?)",
            Specs.Softmax().With("optimizer.momentun", "0.9").SingleProblem().Message);

    [Fact]
    public void AnUnknownKindListsTheAllowedKinds() =>
        Assert.Equal(
            "\"cosin\" is not a schedule kind; allowed: constant, step, multistep, exponential, inverse-time, cosine, cosine-restarts, " +
            "cyclic, one-cycle, reduce-on-plateau, armijo, smoothness (did you mean \"cosine\"?)",
            Specs.Softmax().With("schedule", """{ "kind": "cosin" }""").SingleProblem().Message);

    [Fact]
    public void AnUnknownKindDoesNotAlsoComplainAboutTheFieldsOfTheKindMeant() =>
        Assert.Equal("$.optimizer.kind", Specs.Softmax().With("optimizer", """{ "kind": "adamm", "beta1": 0.9 }""").SingleProblem().Path);

    [Fact]
    public void AWrongTypeNamesWhatWasExpectedAndWhatWasFound() =>
        Assert.Equal("expected a number, found string \"abc\"", Specs.Softmax().With("optimizer.momentum", "\"abc\"").SingleProblem().Message);

    [Fact]
    public void ARepeatedFieldIsAProblem() =>
        Assert.Equal("$.name", Specs.SingleProblem("""
            { "name": "a", "name": "b", "data": { "source": "mnist" }, "model": { "kind": "softmax" },
              "optimizer": { "kind": "sgd", "learningRate": 0.1 } }
            """).Path);

    [Fact]
    public void JsonNullMeansTheDefault() =>
        Assert.Null(Specs.Softmax().With("training.maxSteps", "null").With("schedule", "null").Parse().Training.MaxSteps);

    [Fact]
    public void ASpecThatIsNotAnObjectIsOneProblem() =>
        Assert.Equal("expected an object, found an array", Specs.SingleProblem("[]").Message);

    [Fact]
    public void ProblemsInEverySectionAndArmAreAllReported()
    {
        var problems = Specs.Softmax()
            .With("data.trainSize", "-1")
            .With("model.l2", "-1")
            .With("search", """
                { "kind": "grid", "learningRates": [0.1], "arms": [
                    { "optimizer": { "kind": "adam", "beta1": 2 } },
                    { "training": { "batchSize": 0 }, "schedule": { "kind": "step" } } ] }
                """)
            .Problems();
        Assert.Equal(
            ["$.model.l2", "$.data.trainSize", "$.search.arms[0].optimizer.beta1", "$.search.arms[1].schedule.stepSize", "$.search.arms[1].training.batchSize"],
            problems.Select(p => p.Path));
    }

    [Fact]
    public void PastAThousandProblemsTheRestAreCountedNotListed()
    {
        var spec = Specs.Softmax();
        for (var i = 0; i < 1500; i++) spec.With($"extra{i}", "1");
        var problems = spec.Problems();
        Assert.Equal(1001, problems.Count);
        Assert.Equal("$: and 500 more problems not listed (only the first 1000 are)", problems[^1].ToString());
    }

    [Fact]
    public void AHugeUnknownFieldNameIsShortenedInThePathAndMessage()
    {
        var name = new string('x', 1_000_000);
        var problem = Specs.Softmax().With(name, "1").SingleProblem();
        Assert.True(problem.Path.Length < 200, problem.Path);
        Assert.True(problem.Message.Length < 300, problem.Message);
    }

    [Fact]
    public void AValidSpecHasNoProblems() => Assert.Empty(Specs.Softmax().Problems());
}
