using System.Globalization;
using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Results;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A user's own program on real silo processes in Redis keeps the guarantees of a built-in trial: a program whose
/// loss diverges is stopped and ends <c>diverged</c>, one that hangs is stopped at its timeout and ends <c>failed</c>,
/// in both cases with nothing left of its process group and the sweep going on to its best; and a sweep of programs
/// runs through a Redis restart (append-only file) with every trial exactly once and no program left behind.
/// </summary>
public sealed class CommandTrialClusterFaultTests(RedisServer redis, ITestOutputHelper output)
{
    /// <summary>
    /// Writes its process group id to <c>$2</c>. η above 50: an infinite validation loss at epoch 2; η between 5 and 50:
    /// a child that ignores SIGTERM, then a training loss that triples each epoch (beyond 10 × the first at epoch 4);
    /// η between 0.5 and 5: a NaN training loss at epoch 2. Each reports the lowest validation loss of all before, and
    /// goes on until stopped. Any other η: three epochs of losses lowest at η = 0.01 ((log10 η + 2)² + 1/epoch).
    /// </summary>
    private const string Diverging =
        """
        #!/bin/sh
        cut -d" " -f5 /proc/$$/stat > "$2/$$.pid"
        if awk -v lr="$1" 'BEGIN { exit !(lr > 50) }'; then
          echo '{"epoch": 1, "trainLoss": 1, "validationLoss": 0.001}'
          echo '{"epoch": 2, "trainLoss": 1, "validationLoss": Infinity}'
          sleep 100000
        elif awk -v lr="$1" 'BEGIN { exit !(lr > 5) }'; then
          sh -c 'trap "" TERM; while true; do sleep 1; done' &
          awk 'BEGIN { for (e = 1; e <= 100000; e++) { printf "{\"epoch\": %d, \"trainLoss\": %.6g, \"validationLoss\": 0.001}\n", e, 3 ^ (e - 1); fflush(); system("sleep 0.2") } }'
        elif awk -v lr="$1" 'BEGIN { exit !(lr > 0.5) }'; then
          echo '{"epoch": 1, "trainLoss": 1, "validationLoss": 0.001}'
          echo '{"epoch": 2, "trainLoss": NaN, "validationLoss": 0.001}'
          sleep 100000
        else
          awk -v lr="$1" 'BEGIN { d = log(lr) / log(10) + 2
            for (e = 1; e <= 3; e++) { printf "{\"epoch\": %d, \"trainLoss\": %.6g, \"validationLoss\": %.6g}\n", e, d * d + 1 / e, d * d + 1 / e; fflush(); system("sleep 0.2") } }'
        fi
        """;

    /// <summary>
    /// Writes its process group id to <c>$2</c>. η above 0.5: a child that ignores SIGTERM, one epoch report with the
    /// lowest validation loss of all, then it hangs. Any other η: three epochs of losses lowest at η = 0.01.
    /// </summary>
    private const string Hanging =
        """
        #!/bin/sh
        cut -d" " -f5 /proc/$$/stat > "$2/$$.pid"
        if awk -v lr="$1" 'BEGIN { exit !(lr > 0.5) }'; then
          sh -c 'trap "" TERM; while true; do sleep 1; done' &
          echo '{"epoch": 1, "trainLoss": 0.001, "validationLoss": 0.001}'
          echo "waiting for a lock that never comes" >&2
          sleep 100000
        fi
        awk -v lr="$1" 'BEGIN { d = log(lr) / log(10) + 2
          for (e = 1; e <= 3; e++) { printf "{\"epoch\": %d, \"trainLoss\": %.6g, \"validationLoss\": %.6g}\n", e, d * d + 1 / e, d * d + 1 / e; fflush(); system("sleep 0.2") } }'
        """;

    /// <summary>
    /// Writes its process group id to <c>$2</c>, then ten epochs of 0.3 s with losses lowest at η = 0.01, then when it
    /// ended (Unix milliseconds) to <c>$2/PID.end</c>.
    /// </summary>
    private const string Steady =
        """
        #!/bin/sh
        cut -d" " -f5 /proc/$$/stat > "$2/$$.pid"
        awk -v lr="$1" 'BEGIN { d = log(lr) / log(10) + 2
          for (e = 1; e <= 10; e++) { system("sleep 0.3"); printf "{\"epoch\": %d, \"trainLoss\": %.6g, \"validationLoss\": %.6g}\n", e, d * d + 1 / e, d * d + 1 / e; fflush() } }'
        date +%s%3N > "$2/$$.end"
        """;

    private const int TimeoutSeconds = 8;

    [Fact]
    public async Task ADivergingProgramEndsDivergedWithItsGroupGoneAndIsNeverTheBest()
    {
        var folder = Directory.CreateTempSubdirectory("sweep-command-diverging-").FullName;
        var pids = Directory.CreateDirectory(Path.Combine(folder, "pids")).FullName;
        var program = Programs.Write(folder, "diverging.sh", Diverging);
        await using var cluster = new SiloProcessCluster(redis, output);
        try
        {
            await cluster.StartAsync(2, "--allow-commands");
            var result = await RunAsync(cluster, Spec("cmd-diverging", program, pids, "[0.01,0.1,1,10,100]", ""));

            Assert.Equal(SweepStatus.Completed, result.Status);
            Assert.Equal(5, result.Trials.Count);
            var diverged = result.Trials.Where(t => t.LearningRate >= 1).ToArray();
            Assert.Equal(3, diverged.Length);
            Assert.All(diverged, t =>
            {
                Assert.Equal(TrialStatus.Diverged, t.Status);
                Assert.Equal(Verdict.Diverged, t.Verdict);
                Assert.Null(t.Error);
                Assert.Equal(1, t.Attempts);
                Assert.InRange(t.EpochsCompleted, 1, 10);
            });
            Assert.All(result.Trials.Where(t => t.LearningRate < 1), t => Assert.Equal(TrialStatus.Completed, t.Status));
            // The diverged runs reported the lowest validation loss of all: the best is still a completed one.
            Assert.Equal(0.01, result.Best!.LearningRate);
            AssertNoGroupLeft(pids, 5);
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
    public async Task AHangingProgramFailsAtItsTimeoutWithItsGroupGoneAndTheSweepGoesOn()
    {
        var folder = Directory.CreateTempSubdirectory("sweep-command-hanging-").FullName;
        var pids = Directory.CreateDirectory(Path.Combine(folder, "pids")).FullName;
        var program = Programs.Write(folder, "hanging.sh", Hanging);
        await using var cluster = new SiloProcessCluster(redis, output);
        try
        {
            await cluster.StartAsync(2, "--allow-commands");
            var spec = Spec("cmd-hanging", program, pids, "[1,0.001,0.01,0.1]", $$""","timeoutSeconds":{{TimeoutSeconds}}""");
            var result = await RunAsync(cluster, spec);

            Assert.Equal(SweepStatus.Completed, result.Status);
            Assert.Equal(4, result.Trials.Count);
            var hung = Assert.Single(result.Trials, t => t.LearningRate == 1);
            Assert.Equal(TrialStatus.Failed, hung.Status);
            Assert.Equal($"timed out after {TimeoutSeconds} s", hung.Error);
            Assert.Equal(1, hung.Attempts);
            Assert.True(hung.WallSeconds >= TimeoutSeconds, $"ended after {hung.WallSeconds:0.0} s, before its timeout");
            Assert.All(result.Trials.Where(t => t.LearningRate != 1), t => Assert.Equal(TrialStatus.Completed, t.Status));
            Assert.Equal(0.01, result.Best!.LearningRate);
            AssertNoGroupLeft(pids, 4);
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
    public async Task ASweepOfProgramsRunsThroughARedisRestartWithEveryTrialOnceAndNoProgramLeft()
    {
        var folder = Directory.CreateTempSubdirectory("sweep-command-redis-restart-").FullName;
        var pids = Directory.CreateDirectory(Path.Combine(folder, "pids")).FullName;
        var program = Programs.Write(folder, "steady.sh", Steady);
        double[] rates = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3];
        await using var ownRedis = new RedisServer { AppendOnly = true };
        await ownRedis.InitializeAsync();
        await using var cluster = new SiloProcessCluster(ownRedis, output);
        try
        {
            await cluster.StartAsync(2, "--allow-commands");
            var spec = Spec("cmd-redis-restart", program, pids, JsonSerializer.Serialize(rates), "");
            var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s"));
            await sweep.Submit(spec);

            // Down while programs run (a slot has moved on to its second program), and longer than a program runs: the
            // programs running end while Redis is gone, and their trials store their ends once it is back.
            await Eventually.HoldsAsync(() => Programs.Groups(pids).Count >= 3, TimeSpan.FromSeconds(90), "a third program started");
            await ownRedis.StopAsync(save: false);
            var down = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            output.WriteLine($"Redis down with {Programs.Groups(pids).Count} programs started");
            await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            var up = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            output.WriteLine($"Redis back with {Programs.Groups(pids).Count} programs started");
            await ownRedis.RestartAsync();

            var result = await SweepResults.EndAsync(sweep, SiloProcessCluster.Patience);
            Write(result);
            Assert.Equal(SweepStatus.Completed, result.Status);
            Assert.Equal(rates.Length, result.Trials.Select(t => t.TrialId).Distinct().Count());
            Assert.Equal(rates, result.Trials.Select(t => t.LearningRate).Order());
            Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
            Assert.All(result.Trials, t => Assert.Equal(10, t.EpochsCompleted));
            Assert.All(result.Trials, t => Assert.Equal(1, t.Attempts));
            Assert.Equal(0.01, result.Best!.LearningRate);
            AssertNoGroupLeft(pids, rates.Length);
            var endedWhileDown = Directory.EnumerateFiles(pids, "*.end").Select(f => long.Parse(File.ReadAllText(f).Trim(), CultureInfo.InvariantCulture))
                .Count(t => t >= down && t <= up);
            output.WriteLine($"{endedWhileDown} programs ended while Redis was down");
            Assert.True(endedWhileDown >= 1, "no program ended while Redis was down");
            Assert.All(cluster.Silos, s => Assert.False(s.HasExited, $"silo {s.Address} exited"));
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

    private static string Spec(string name, string program, string pids, string rates, string trainerExtra)
    {
        var command = JsonSerializer.Serialize(new[] { "sh", program, "{learningRate}", pids });
        return $$"""{"name":"{{name}}","trainer":{"command":{{command}}""" + trainerExtra +
            """},"optimizer":{"kind":"sgd"},"training":{"epochs":3},"search":{"kind":"grid","learningRates":""" + rates +
            ""","metric":"validationLoss","concurrency":2}}""";
    }

    private async Task<SweepResult> RunAsync(SiloProcessCluster cluster, string spec)
    {
        var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s"));
        await sweep.Submit(spec);
        var result = await SweepResults.EndAsync(sweep, SiloProcessCluster.Patience);
        Write(result);
        return result;
    }

    private void Write(SweepResult result)
    {
        foreach (var t in result.Trials.OrderBy(t => t.LearningRate))
            output.WriteLine($"η {t.LearningRate:G4}: {t.Status} on {t.Silo}, attempts {t.Attempts}, epochs {t.EpochsCompleted}, {t.WallSeconds:0.0} s, validationLoss {t.ValidationLoss:G4}{(t.Error is null ? "" : $", error \"{t.Error}\"")}");
        output.WriteLine($"best η {result.Best?.LearningRate}");
    }

    /// <summary>
    /// One program was started per trial, <paramref name="expected"/> in all (none twice), and each had ended with all
    /// of its group when its trial did.
    /// </summary>
    private void AssertNoGroupLeft(string pids, int expected)
    {
        var groups = Programs.Groups(pids);
        output.WriteLine($"{groups.Count} programs started");
        Assert.Equal(expected, groups.Count);
        Assert.All(groups, g => Assert.False(Programs.GroupAlive(g), $"process group {g} still has a live process"));
    }
}
