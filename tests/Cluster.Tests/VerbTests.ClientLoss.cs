using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;

namespace SweepCluster.Cluster.Tests;

/// <summary>The client is lost: `sweep run` killed with kill -9 mid-sweep; the sweep goes on and `sweep watch` picks it up.</summary>
public sealed partial class VerbTests
{
    [Fact]
    public async Task ASweepWhoseRunCommandIsKilledGoesOnAndWatchSeesItToTheEnd()
    {
        var dll = typeof(VerbTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ClientAssembly").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "run", cluster.Spec(Specs.SecondsLongCoarseToFine), "--redis", cluster.RedisConnectionString, "--out", cluster.TempFile("never.json") })
            start.ArgumentList.Add(arg);
        using var client = Process.Start(start)!;
        string? sweepId = null;
        try
        {
            // "sweep s-1234abcd (kill) submitted to --redis ...", then progress lines.
            while (sweepId is null && await client.StandardError.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                output.WriteLine(line);
                if (line.StartsWith("sweep s-", StringComparison.Ordinal)) sweepId = line.Split(' ')[1];
            }
            Assert.NotNull(sweepId);
            await Eventually.HoldsAsync(async () => (await cluster.SweepAsync("status", sweepId, "--json")).Stdout.Contains("\"completed\"", StringComparison.Ordinal)
                || (await cluster.SweepAsync("status", sweepId)).Stdout.Contains("trials: 1 done", StringComparison.Ordinal), TimeSpan.FromSeconds(120), "a trial done");
        }
        finally
        {
            client.Kill();   // kill -9 of this process only, by its PID
            await client.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        output.WriteLine($"`sweep run` killed (exit {client.ExitCode})");

        var (code, stdout, stderr) = await cluster.SweepAsync("status", sweepId);
        output.WriteLine(stdout);
        Assert.True(code == 0, stderr);
        Assert.Contains(": running", stdout);
        await WatchToTheEndAsync(sweepId);

        (code, stdout, stderr) = await cluster.SweepAsync("results", sweepId);
        Assert.True(code == 0, stderr);
        using var result = JsonDocument.Parse(stdout);
        var trials = result.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal("completed", result.RootElement.GetProperty("status").GetString());
        Assert.Equal(trials.Length, trials.Select(t => t.GetProperty("trialId").GetString()).Distinct().Count());
        Assert.All(trials, t => Assert.Equal("completed", t.GetProperty("status").GetString()));
        SweepResults.AssertUndisturbed(Specs.SecondsLongCoarseToFine, SweepResults.Read(new Grains.Sweeps.SweepReport(sweepId, Grains.Sweeps.SweepPhase.Completed, stdout)), output);
    }
}
