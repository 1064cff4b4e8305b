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

    [Fact]
    public async Task ValidateLoadsTheDataAndChecksTheModelFitsIt()
    {
        var folder = Directory.CreateTempSubdirectory("sweep-validate-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "cells.csv"), "a,b,label\n1,2,0\n3,x,1\n");
            File.WriteAllText(Path.Combine(folder, "logistic.json"),
                """{"name":"x","data":{"source":"mnist"},"model":{"kind":"logistic"},"optimizer":{"kind":"sgd","learningRate":0.1}}""");
            File.WriteAllText(Path.Combine(folder, "cells.json"),
                """{"name":"x","data":{"source":"csv","path":"cells.csv"},"model":{"kind":"softmax"},"optimizer":{"kind":"sgd","learningRate":0.1}}""");

            var (code, _, stderr) = await SweepCliRunner.RunAsync("validate", Path.Combine(folder, "logistic.json"));
            Assert.Equal(2, code);
            Assert.Contains("$.model", stderr);
            Assert.Contains("10 classes", stderr);

            (code, _, stderr) = await SweepCliRunner.RunAsync("validate", Path.Combine(folder, "cells.json"));
            Assert.Equal(2, code);
            Assert.Contains("line 3", stderr);
            Assert.Contains("\"x\"", stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
