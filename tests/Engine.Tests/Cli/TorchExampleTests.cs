using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Engine.Tests.Spec;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>
/// `sweep train` of examples/torch-mnist, the real PyTorch program, for one epoch on the digits `sweep data mnist`
/// exports. Needs /usr/bin/python3 with torch (Debian's python3-torch); skipped without it.
/// </summary>
public sealed class TorchExampleTests
{
    private const string Python = "/usr/bin/python3";

    [Theory]
    [InlineData("coarse-to-fine.json")]
    [InlineData("worker.json")]
    public async Task OneEpochOfTheTorchExampleCompletesOnTheExportedDigits(string example)
    {
        await SkipWithoutTorchAsync();
        using var dir = new TempDirectory();
        var (exported, _, exportError) = await SweepCliRunner.RunAsync("data", "mnist", "--out", dir.File("data"), "--seed", "1");
        Assert.True(exported == 0, exportError);

        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("train", Copy(dir, example, dir.File("data")));
        Assert.True(code == 0, stderr);
        using var trial = JsonDocument.Parse(stdout);
        var root = trial.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(1, root.GetProperty("epochsCompleted").GetInt32());
        Assert.InRange(root.GetProperty("validationAccuracy").GetDouble(), 0.8, 1.0);
        Assert.Equal(1, root.GetProperty("history").GetProperty("epochs").GetArrayLength());
    }

    [Fact]
    public async Task WithoutTheDigitsTheProgramSaysHowToWriteThem()
    {
        await SkipWithoutTorchAsync();
        using var dir = new TempDirectory();
        var (code, stdout, _) = await SweepCliRunner.RunAsync("train", Copy(dir, "coarse-to-fine.json", dir.File("missing")));
        Assert.Equal(1, code);
        using var trial = JsonDocument.Parse(stdout);
        Assert.Contains("sweep data mnist --out " + dir.File("missing"), trial.RootElement.GetProperty("error").GetString());
    }

    /// <summary>The example with Debian's python, the example's folder, the given data folder and one epoch.</summary>
    private static string Copy(TempDirectory dir, string example, string data)
    {
        var spec = JsonNode.Parse(File.ReadAllText(TestPaths.Example("torch-mnist/" + example)))!.AsObject();
        var trainer = spec["trainer"]!.AsObject();
        var command = trainer["command"]!.AsArray();
        command[0] = Python;
        command[3] = data;
        trainer["workingDirectory"] = TestPaths.Example("torch-mnist");
        spec["training"]!["epochs"] = 1;
        return dir.Write(example, spec.ToJsonString());
    }

    private static async Task SkipWithoutTorchAsync()
    {
        if (!File.Exists(Python)) Assert.Skip(Python + " is not installed");
        using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import torch"]) { RedirectStandardError = true })!;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (process.ExitCode != 0) Assert.Skip("torch is not installed for " + Python);
    }
}
