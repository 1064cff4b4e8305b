using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Tests.Trainers;

public sealed class ReportParserTests
{
    private static ParsedLine Json(string line, OutputStream stream = OutputStream.Stdout) => new JsonReportParser().Parse(stream, line);

    [Fact]
    public void AJsonObjectWithANumericEpochIsAnEpochReport()
    {
        var report = Json("""{"epoch": 1, "trainLoss": 0.41, "validationLoss": 0.45, "validationAccuracy": 0.88}""").Report!;
        Assert.Equal(new TrainerReport(1, null, 0.41, 0.45, 0.88), report);
        Assert.True(report.IsEpoch);
    }

    [Fact]
    public void AJsonObjectWithANumericStepIsAStepReport()
    {
        var report = Json("""  {"step": 120, "trainLoss": 0.52, "learningRate": 0.001}  """).Report!;
        Assert.Equal(new TrainerReport(null, 120, 0.52, LearningRate: 0.001), report);
        Assert.False(report.IsEpoch);
    }

    [Theory]
    [InlineData("""{"epoch": 2, "train_loss": 0.3, "validation_loss": 0.4, "validation_accuracy": 0.9, "learning_rate": 0.01}""")]
    [InlineData("""{"epoch": 2.0, "trainLoss": 0.3, "validationLoss": 0.4, "validationAccuracy": 0.9, "learningRate": 0.01, "extra": "kept out"}""")]
    public void SnakeCaseNamesAndWholeFloatsAreUnderstood(string line) =>
        Assert.Equal(new TrainerReport(2, null, 0.3, 0.4, 0.9, 0.01), Json(line).Report);

    [Theory]
    [InlineData("""{"epoch": 1, "trainLoss": NaN}""", double.NaN)]
    [InlineData("""{"epoch": 1, "trainLoss": Infinity}""", double.PositiveInfinity)]
    [InlineData("""{"epoch": 1, "trainLoss": -Infinity}""", double.NegativeInfinity)]
    [InlineData("""{"epoch": 1, "trainLoss": "nan"}""", double.NaN)]
    public void PythonsNonFiniteNumbersAreRead(string line, double expected) => Assert.Equal(expected, Json(line).Report!.TrainLoss);

    [Theory]
    [InlineData("Epoch 1: loss 0.3")]
    [InlineData("""{"trainLoss": 0.3}""")] // no epoch or step
    [InlineData("""{"epoch": "1", "trainLoss": 0.3}""")] // a string is not numeric
    [InlineData("{\"epoch\": \"NaN\", \"trainLoss\": 0.3}")] // NaN as a string is no epoch
    [InlineData("[1, 2]")]
    [InlineData("{not json}")]
    [InlineData("")]
    public void EveryOtherLineIsLog(string line) => Assert.Equal(ParsedLineKind.Log, Json(line).Kind);

    [Fact]
    public void AStringHoldingNaNIsNotRewritten()
    {
        var report = Json("""{"epoch": 3, "name": "NaN and Infinity", "trainLoss": 0.5}""").Report!;
        Assert.Equal(0.5, report.TrainLoss);
    }

    [Fact]
    public void JsonOnStderrIsLog() => Assert.Equal(ParsedLineKind.Log, Json("""{"epoch": 1, "trainLoss": 0.3}""", OutputStream.Stderr).Kind);

    [Theory]
    [InlineData("""{"done": true}""", null)]
    [InlineData("""{"done": true, "failed": "CUDA out of memory"}""", "CUDA out of memory")]
    [InlineData("""{"done": true, "failed": null}""", null)]
    public void DoneLinesEndAWorkersTrial(string line, string? failure)
    {
        var parsed = Json(line);
        Assert.Equal(ParsedLineKind.Done, parsed.Kind);
        Assert.Equal(failure, parsed.Failure);
    }

    [Fact]
    public void ARegexMatchWithoutEpochOrStepIsTheNextEpochOnStdoutAndStderr()
    {
        var parser = new RegexReportParser(@"Test set: Average loss: (?<validationLoss>[0-9.eE+-]+), Accuracy: \d+/\d+ \((?<validationAccuracy>[0-9.]+)%\)");
        Assert.Equal(ParsedLineKind.Log, parser.Parse(OutputStream.Stdout, "Train Epoch: 1 [0/60000 (0%)]\tLoss: 2.3").Kind);

        var first = parser.Parse(OutputStream.Stderr, "Test set: Average loss: 0.0342, Accuracy: 9890/10000 (99%)").Report!;
        var second = parser.Parse(OutputStream.Stdout, "Test set: Average loss: 0.0301, Accuracy: 9901/10000 (99.01%)").Report!;

        Assert.Equal(new TrainerReport(1, null, ValidationLoss: 0.0342, ValidationAccuracy: 99), first);
        Assert.Equal(new TrainerReport(2, null, ValidationLoss: 0.0301, ValidationAccuracy: 99.01), second);
    }

    [Fact]
    public void ARegexEpochGroupSetsTheCountAndAStepGroupMakesAStepReport()
    {
        var parser = new RegexReportParser(@"(epoch (?<epoch>\d+) )?(step (?<step>\d+) )?loss (?<trainLoss>\S+)");
        Assert.Equal(new TrainerReport(5, null, 0.5), parser.Parse(OutputStream.Stdout, "epoch 5 loss 0.5").Report);
        Assert.Equal(new TrainerReport(null, 40, 0.4), parser.Parse(OutputStream.Stdout, "step 40 loss 0.4").Report);
        Assert.Equal(new TrainerReport(6, null, 0.3), parser.Parse(OutputStream.Stdout, "loss 0.3").Report);
        Assert.True(double.IsNaN(parser.Parse(OutputStream.Stdout, "loss nan").Report!.TrainLoss!.Value));
        Assert.Equal(ParsedLineKind.Done, parser.Parse(OutputStream.Stdout, """{"done": true}""").Kind);
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("loss (?<trainLoss>", "not a valid regular expression")]
    [InlineData(@"loss (\S+)", "no named group")]
    [InlineData(@"loss (?<train_los>\S+)", "\"train_los\" is not a report field")]
    public void BadPatternsAreProblemsNamingMetricsPattern(string? pattern, string expected)
    {
        var problem = Assert.Single(RegexReportParser.Validate(pattern));
        Assert.StartsWith("metrics.pattern: ", problem);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void APatternIsOnlyAllowedWithTheRegexFormat()
    {
        Assert.Empty(ReportParsers.Validate(new TrainerMetricsSpec(TrainerMetricsFormat.Regex, @"loss (?<trainLoss>\S+)")));
        Assert.Contains("only allowed", Assert.Single(ReportParsers.Validate(new TrainerMetricsSpec(TrainerMetricsFormat.Json, "x"))));
    }
}
