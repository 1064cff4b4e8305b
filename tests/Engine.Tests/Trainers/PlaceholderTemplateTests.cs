using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Tests.Trainers;

public sealed class PlaceholderTemplateTests
{
    private static readonly TrialPlaceholders s_trial = new(Trials.Sgd(learningRate: 0.1 + 0.2), checkpointDir: "/ckpt/s-abc/0/3");

    private static string Expand(string template, List<PlaceholderProblem>? problems = null) =>
        PlaceholderTemplate.Expand(template, s_trial, "command[1]", problems ?? []);

    [Theory]
    [InlineData("{learningRate}", "0.30000000000000004")] // round-trips exactly, invariant culture
    [InlineData("--lr={learningRate}", "--lr=0.30000000000000004")]
    [InlineData("{trialId}", "s-abc/0/3")]
    [InlineData("{sweepId}/{arm}/{armName}/{stage}/{attempt}", "s-abc/0/sgd/1/1")]
    [InlineData("{optimizer.momentum}", "0.9")]
    [InlineData("{optimizer.nesterov}", "false")]
    [InlineData("{training.batchSize}x{training.epochs}", "64x3")]
    [InlineData("{schedule.kind}", "cosine")]
    [InlineData("{schedule.warmup.steps}", "50")]
    [InlineData("{parameters.optimizer.momentum}", "0.9")] // a parameter's own name holds a dot
    [InlineData("{checkpointDir}", "/ckpt/s-abc/0/3")]
    [InlineData("{ learningRate }", "0.30000000000000004")]
    public void KnownPlaceholdersExpandToTheTrialsValues(string template, string expected) => Assert.Equal(expected, Expand(template));

    [Theory]
    [InlineData("{{literal}}", "{literal}")]
    [InlineData("python -c 'print({{}})'", "python -c 'print({})'")]
    [InlineData("{{{learningRate}}}", "{0.30000000000000004}")]
    [InlineData("no braces", "no braces")]
    public void DoubledBracesAreLiteralBraces(string template, string expected)
    {
        var problems = new List<PlaceholderProblem>();
        Assert.Equal(expected, Expand(template, problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void EveryUnknownPlaceholderIsAProblemNamingIt()
    {
        var problems = new List<PlaceholderProblem>();
        Expand("{optimizer.momentom} {learningrate} {model.hidden}", problems);

        Assert.Equal(["{optimizer.momentom}", "{learningrate}", "{model.hidden}"], problems.Select(p => p.Placeholder));
        Assert.All(problems, p => Assert.Equal("command[1]", p.Where));
        Assert.Contains("unknown placeholder {optimizer.momentom}", problems[0].Message);
        Assert.Contains("learningRate, trialId", problems[0].Message);
    }

    [Theory]
    [InlineData("{learningRate", "unclosed")]
    [InlineData("a } b", "lone '}'")]
    [InlineData("{}", "empty placeholder")]
    [InlineData("{a{b}", "unclosed")]
    public void MalformedBracesAreProblems(string template, string expected)
    {
        var problems = new List<PlaceholderProblem>();
        Expand(template, problems);
        Assert.Contains(problems, p => p.Message.Contains(expected));
    }

    [Fact]
    public void NamesListsThePlaceholdersForAValidator()
    {
        var problems = new List<PlaceholderProblem>();
        Assert.Equal(["learningRate", "training.epochs"], PlaceholderTemplate.Names("--lr {learningRate} --epochs={training.epochs} {{x}}", "command[2]", problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void ACommandAndItsEnvExpandTogetherAndProblemsSayWhere()
    {
        var trainer = new CommandTrainerSpec(
            ["python3", "train.py", "--lr", "{learningRate}", "--bs", "{training.batchSize}"], null,
            new Dictionary<string, string> { ["MOMENTUM"] = "{optimizer.momentum}", ["BAD"] = "{nope}" }, TrainerMetricsSpec.Json);
        var problems = new List<PlaceholderProblem>();

        var command = CommandExpansion.Expand(trainer, s_trial, problems);

        Assert.Equal(["python3", "train.py", "--lr", "0.30000000000000004", "--bs", "64"], command.Argv);
        Assert.Equal("0.9", command.Env["MOMENTUM"]);
        Assert.StartsWith("env.BAD: unknown placeholder {nope}", Assert.Single(problems).ToString());
        Assert.Throws<InputException>(() => CommandExpansion.Expand(trainer, s_trial));
    }

    [Fact]
    public void ANamedTrainersArgsAndEnvAreAppendedAndMerged()
    {
        var trainer = new CommandTrainerSpec(["python3", "resnet.py"], "/models", new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" }, TrainerMetricsSpec.Json);
        var extended = trainer.With(["--depth", "50"], new Dictionary<string, string> { ["B"] = "3" });
        Assert.Equal(["python3", "resnet.py", "--depth", "50"], extended.Command);
        Assert.Equal("1", extended.Env["A"]);
        Assert.Equal("3", extended.Env["B"]);
        Assert.Equal("2", trainer.Env["B"]);
    }
}
