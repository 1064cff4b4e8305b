namespace SweepCluster.Engine.Tests.Cli;

public sealed class ValidateVerbTests
{
    [Fact]
    public async Task EveryExampleIsValid()
    {
        foreach (var example in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples"), "*.json"))
        {
            var (code, stdout, stderr) = await SweepCliRunner.RunAsync("validate", example);
            Assert.True(code == 0, $"{example}: {stderr}");
            Assert.Contains("valid", stdout);
        }
    }

    [Fact]
    public async Task ValidateListsEveryProblemAtOnce()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sweep-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
        {
          "name": "three-mistakes",
          "data": { "source": "mnist" },
          "model": { "kind": "softmax", "l2": -1 },
          "optimizer": { "kind": "adam", "learningRate": 0.001, "beta1": 1.5 },
          "training": { "epochs": 0 }
        }
        """);
        try
        {
            var (code, _, stderr) = await SweepCliRunner.RunAsync("validate", path);
            Assert.Equal(2, code);
            Assert.Contains("3 problems", stderr);
            Assert.Contains("model.l2", stderr);
            Assert.Contains("optimizer.beta1", stderr);
            Assert.Contains("training.epochs", stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
