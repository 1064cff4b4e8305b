using System.Text.Json;
using StackExchange.Redis;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A running program's output reaches Redis as a small tail (its last 64 KB a stream, rewritten every 2 s while it
/// prints), and its whole kept tail once it ends: in the trial's logs state, which `sweep logs` reads, and as files under
/// the results root. Read from Redis itself, on a silo process.
/// </summary>
public sealed class CommandTrialLogStorageTests(RedisServer redis, ITestOutputHelper output)
{
    private const int Lines = 3000;
    private const int Epochs = 80;

    // 3000 lines of 92 bytes (about 270 KB) at once, then an epoch report every 0.2 s for 16 s.
    private const string Chatty =
        """
        #!/bin/sh
        awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "line %05d %080d\n", i, 0; fflush()
          for (e = 1; e <= 80; e++) { system("sleep 0.2"); printf "{\"epoch\": %d, \"trainLoss\": %.6g}\n", e, 1 / e; fflush() } }'
        """;

    [Fact]
    public async Task ARunningTrialStoresTheEndOfItsOutputAndTheWholeTailOnceItEnds()
    {
        var folder = Directory.CreateTempSubdirectory("sweep-command-logs-").FullName;
        var results = Path.Combine(folder, "results");
        var program = Programs.Write(folder, "chatty.sh", Chatty);
        await using var cluster = new SiloProcessCluster(redis, output);
        try
        {
            await cluster.StartAsync(1, "--allow-commands", "--results-root", results);
            var id = Specs.NewId("s");
            var command = JsonSerializer.Serialize(new[] { "sh", program });
            var spec = """{"name":"cmd-log-storage","trainer":{"command":""" + command +
                """},"optimizer":{"kind":"sgd"},"training":{"epochs":80},"search":{"kind":"grid","learningRates":[0.01],"metric":"trainLoss"}}""";
            var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(id);
            await sweep.Submit(spec);
            var trial = cluster.Client.GetGrain<ITrialGrain>($"{id}/0/0/0");
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

            // Only while the program has seconds left to run: its end stores the whole tail before the trial says it ended.
            long running = 0;
            await Eventually.HoldsAsync(async () =>
            {
                if (await trial.GetStatus() is not { Phase: TrialPhase.Running, Epoch: >= 1 and <= Epochs / 2 }) return false;
                running = await LogStateBytesAsync(connection, id);
                return running > 0 && await trial.GetStatus() is { Phase: TrialPhase.Running, Epoch: <= Epochs / 2 };
            }, TimeSpan.FromSeconds(60), "the running trial's output stored");
            output.WriteLine($"stored while running: {running} bytes");
            Assert.InRange(running, 60_000, 2 * TrialOutput.RunningBytes + 4096);

            var result = await SweepResults.EndAsync(sweep, SiloProcessCluster.Patience);
            Assert.Equal(SweepCluster.Engine.Results.TrialStatus.Completed, Assert.Single(result.Trials).Status);
            var ended = await LogStateBytesAsync(connection, id);
            output.WriteLine($"stored at the end: {ended} bytes");
            Assert.True(ended > Lines * 92, $"{ended} bytes stored at the end");

            var logs = await trial.GetLogs();
            Assert.NotNull(logs);
            Assert.Equal(Lines + Epochs, logs.StdoutLines);
            Assert.StartsWith("line 00001 ", logs.Stdout);
            var file = Path.Combine(results, id, "logs", "0-0-0.stdout.log");
            Assert.Equal(logs.Stdout, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
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

    /// <summary>The size in Redis of the sweep's trial-logs state (0 while none is stored).</summary>
    private async Task<long> LogStateBytesAsync(ConnectionMultiplexer connection, string sweepId)
    {
        var db = connection.GetDatabase();
        long bytes = 0;
        foreach (var key in connection.GetServers().SelectMany(s => s.Keys(pattern: "*trial-logs*")).Where(k => k.ToString().Contains(sweepId, StringComparison.Ordinal)))
        {
            bytes += await db.KeyTypeAsync(key) switch
            {
                RedisType.Hash => (await db.HashGetAllAsync(key)).Sum(e => (long)((byte[])e.Value!).Length),
                RedisType.String => await db.StringLengthAsync(key),
                var other => throw new InvalidOperationException($"{key} is a {other}"),
            };
        }
        return bytes;
    }
}
