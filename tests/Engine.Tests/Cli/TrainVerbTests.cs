using System.Text.Json;

namespace SweepCluster.Engine.Tests.Cli;

public sealed class TrainVerbTests
{
    [Fact]
    public async Task TrainWritesOneTrialAsJsonOnStandardOutput()
    {
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("train", TestPaths.Example("quadratic-gd-stable.json"));
        Assert.Equal(0, code);
        using var trial = JsonDocument.Parse(stdout);
        var root = trial.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(0.049, root.GetProperty("learningRate").GetDouble());
        Assert.Equal("sgd", root.GetProperty("optimizer").GetProperty("kind").GetString());
        Assert.Equal("constant", root.GetProperty("schedule").GetProperty("kind").GetString());
        Assert.Equal(400, root.GetProperty("steps").GetInt64());
        Assert.Equal("good", root.GetProperty("verdict").GetString());
        var steps = root.GetProperty("history").GetProperty("steps");
        Assert.Equal(400, steps.GetArrayLength());
        Assert.Equal(25.5, steps[0].GetProperty("trainLoss").GetDouble(), 12);
        Assert.Contains("completed after 400 steps", stderr);
    }

    [Fact]
    public async Task TheLearningRateOptionOverridesTheSpecAndOutWritesAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sweep-train-{Guid.NewGuid():N}.json");
        try
        {
            var (code, stdout, _) = await SweepCliRunner.RunAsync("train", TestPaths.Example("quadratic-gd-stable.json"), "--learning-rate", "0.051", "--out", path);
            Assert.Equal(0, code);
            Assert.Equal("", stdout.Trim());
            using var trial = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal("diverged", trial.RootElement.GetProperty("status").GetString());
            Assert.Equal("diverged", trial.RootElement.GetProperty("verdict").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("NaN")]
    public async Task ABadLearningRateOptionIsRefusedWithExitCode2(string value)
    {
        var (code, _, stderr) = await SweepCliRunner.RunAsync("train", TestPaths.Example("quadratic-gd-stable.json"), "--learning-rate", value);
        Assert.Equal(2, code);
        Assert.Contains("--learning-rate", stderr);
        Assert.Contains(value, stderr);
    }

    [Fact]
    public async Task AMissingSpecFileIsRefusedWithExitCode2()
    {
        var (code, _, stderr) = await SweepCliRunner.RunAsync("train", "no/such/spec.json");
        Assert.Equal(2, code);
        Assert.Contains("no/such/spec.json", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task AnUnknownVerbIsRefusedWithExitCode2()
    {
        var (code, _, stderr) = await SweepCliRunner.RunAsync("trian", "x.json");
        Assert.Equal(2, code);
        Assert.Contains("trian", stderr);
    }

    [Fact]
    public async Task AnInvalidSpecIsRefusedWithExitCode2AndNoTraining()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sweep-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"name":"bad","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1]},"optimizer":{"kind":"sgd","learningRate":-1}}""");
        try
        {
            var (code, stdout, stderr) = await SweepCliRunner.RunAsync("train", path);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.Contains("learningRate", stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
