using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Real silo processes in Redis that run users' programs: kill -9 of the silo running a command trial restarts it
/// on the other with attempt 2 and the same checkpoint folder, where its first attempt left a marker; and the killed
/// silo's programs, children included, do not outlive it.
/// </summary>
public sealed class CommandTrialFailoverTests(RedisServer redis, ITestOutputHelper output)
{
    [Fact]
    public async Task ACommandTrialWhoseSiloIsKilledRestartsElsewhereWithTheSameCheckpointFolder()
    {
        var folder = Directory.CreateTempSubdirectory("sweep-command-failover-").FullName;
        var checkpoints = Path.Combine(folder, "checkpoints");
        var pids = Directory.CreateDirectory(Path.Combine(folder, "pids")).FullName;
        var program = Programs.Write(folder, "resuming.sh", Programs.Resuming);
        await using var cluster = new SiloProcessCluster(redis, output);
        try
        {
            await cluster.StartAsync(2, "--allow-commands", "--checkpoint-root", checkpoints);
            var id = Specs.NewId("s");
            var command = JsonSerializer.Serialize(new[] { "sh", program, "{learningRate}", "{attempt}", pids });
            var spec = """{"name":"cmd-failover","trainer":{"command":""" + command +
                """},"optimizer":{"kind":"sgd"},"training":{"epochs":40},"search":{"kind":"grid","learningRates":[0.01],"metric":"trainLoss"}}""";
            var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(id);
            await sweep.Submit(spec);

            // The first attempt's marker holds its checkpoint folder, which is ROOT/TRIAL-ID.
            var first = "";
            await Eventually.HoldsAsync(() => (first = Directory.EnumerateFiles(checkpoints, "attempt-1", SearchOption.AllDirectories).FirstOrDefault() ?? "") != "",
                TimeSpan.FromSeconds(60), "the program's first attempt started");
            var directory = Path.GetDirectoryName(first)!;
            var trialId = Path.GetRelativePath(checkpoints, directory);
            var running = await cluster.Client.GetGrain<ITrialGrain>(trialId).GetStatus();
            output.WriteLine($"kill -9 of {running.Silo}, running {trialId}");
            cluster.At(running.Silo!).Kill();

            var result = await SweepResults.EndAsync(sweep, SiloProcessCluster.Patience);
            var trial = Assert.Single(result.Trials);
            Assert.Equal(SweepCluster.Engine.Results.TrialStatus.Completed, trial.Status);
            Assert.Equal(2, trial.Attempts);
            Assert.NotEqual(running.Silo, trial.Silo);
            Assert.Equal(directory, File.ReadAllText(Path.Combine(directory, "attempt-2")).Trim());
            Assert.Equal(directory, File.ReadAllText(first).Trim());
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AKilledSilosProgramsAndTheirChildrenDieWithIt()
    {
        var folder = Directory.CreateTempSubdirectory("sweep-command-orphans-").FullName;
        var pids = Directory.CreateDirectory(Path.Combine(folder, "pids")).FullName;
        var program = Programs.Write(folder, "endless.sh", Programs.Endless);
        await using var cluster = new SiloProcessCluster(redis, output);
        try
        {
            var silo = Assert.Single(await cluster.StartAsync(1, "--allow-commands"));
            var command = JsonSerializer.Serialize(new[] { "sh", program, "{learningRate}", "100000", pids });
            var spec = """{"name":"cmd-orphans","trainer":{"command":""" + command +
                """},"optimizer":{"kind":"sgd"},"training":{"epochs":100000},"search":{"kind":"grid","learningRates":[0.01]}}""";
            await cluster.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s")).Submit(spec);
            // The program forked a child that ignores SIGTERM before it wrote its group id.
            await Eventually.HoldsAsync(() => Programs.Groups(pids).Count == 1, TimeSpan.FromSeconds(60), "the program running");
            var groups = Programs.Groups(pids);
            Assert.True(Programs.GroupAlive(groups[0]));

            silo.Kill();
            var waited = await Eventually.HoldsAsync(() => !groups.Any(Programs.GroupAlive), TimeSpan.FromSeconds(5), "the killed silo's process group empty");
            output.WriteLine($"process group {groups[0]} empty {waited.TotalSeconds:0.0} s after kill -9 of the silo");
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
