using SweepCluster.Cluster.Tests.Infrastructure;

namespace SweepCluster.Cluster.Tests;

/// <summary>A real development silo process: what it makes of <c>--gpus</c> without <c>--slots</c>, and of a bad <c>--trainers</c> file.</summary>
public sealed class SiloGpuAndTrainerOptionTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sweep-silo-gpus-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task TwoGpusWithoutSlotsAreTwoSlotsInTheReadyLine()
    {
        var results = Path.Combine(_folder.FullName, "results");
        await using var silo = SiloProcess.Start(null, Specs.NewId("gpus"), slots: null, null, "--gpus", "0,1", "--results-root", results, "--warm-up", "false");
        await silo.WaitHealthyAsync(TimeSpan.FromSeconds(120));
        await Eventually.HoldsAsync(() => silo.Lines.Any(l => l.StartsWith("silo ready:", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the ready line");
        output.WriteLine(silo.Log);

        var ready = silo.Lines.Single(l => l.StartsWith("silo ready:", StringComparison.Ordinal));
        Assert.Contains($"slots 2, gpus 0 1, results {results}", ready, StringComparison.Ordinal);
        Assert.True(Directory.Exists(results));
    }

    [Fact]
    public async Task ABadTrainersFileIsExitCode2AndOneLineNamingTheFile()
    {
        var file = Path.Combine(_folder.FullName, "bad.json");
        await File.WriteAllTextAsync(file, """{"resnet": {"command": "python3 train.py"}}""", TestContext.Current.CancellationToken);
        await using var silo = SiloProcess.Start(null, Specs.NewId("trainers"), slots: 1, null, "--trainers", file);
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"exit {silo.ExitCode}: {silo.Log}");

        Assert.Equal(2, silo.ExitCode);
        var line = Assert.Single(silo.Lines);
        Assert.StartsWith($"--trainers (SWEEP_TRAINERS): \"{file}\": $.resnet.command: expected a list of strings", line, StringComparison.Ordinal);
    }
}
