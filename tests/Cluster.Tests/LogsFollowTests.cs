using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// `sweep logs --follow` of a chatty program prints every line exactly once, and each answer it reads from the trial
/// carries only the lines it has not seen.
/// </summary>
public sealed class LogsFollowTests(CommandSilo silo, ITestOutputHelper output) : IClassFixture<CommandSilo>
{
    [Fact]
    public async Task FollowingAChattyProgramReadsOnlyItsNewLinesAndPrintsEachOnce()
    {
        var program = silo.Write("chatty.sh", Programs.Chatty);
        var trainer = $$"""{"command":{{JsonSerializer.Serialize(new[] { "sh", program })}}}""";
        var spec = silo.Write("chatty.json", $$"""
            {"name":"cmd-chatty","trainer":{{trainer}},"optimizer":{"kind":"sgd"},"training":{"epochs":3},"search":{"kind":"grid","learningRates":[0.01]} }
            """);
        var (code, stdout, stderr) = await silo.SweepAsync("submit", spec);
        Assert.True(code == 0, stderr);
        var sweepId = stdout.Trim();
        // A grid of one rate has one trial, key 0/0/0; it answers null until started.
        var trialId = $"{sweepId}/0/0/0";
        var trial = silo.Client.GetGrain<ITrialGrain>(trialId);
        await Eventually.HoldsAsync(async () => await trial.GetLogsAfter(0, stderr: false, 0) is not null, TimeSpan.FromSeconds(30), "the trial started");
        var expected = Enumerable.Range(1, 3000).SelectMany(i => i % 1000 == 0
            ? new[] { $"line {i:D5}", $"{{\"epoch\": {i / 1000}, \"trainLoss\": {1000.0 / i:G6}, \"validationLoss\": {1000.0 / i:G6}}}" }
            : [$"line {i:D5}"]).ToArray();

        var follow = silo.SweepAsync("logs", sweepId, trialId, "--follow");

        // Beside it, the trial read as the follower reads it: each answer holds the lines after those seen, and no others.
        var attempt = 0;
        long seen = 0;
        var answers = 0;
        long read = 0;
        while (true)
        {
            var ended = (await trial.GetStatus()).Phase.IsTerminal();
            var lines = await trial.GetLogsAfter(attempt, stderr: false, seen);
            Assert.NotNull(lines);
            Assert.Equal(seen, lines.First);
            Assert.Equal(string.Concat(expected[(int)seen..(int)lines.Lines].Select(l => l + "\n")), lines.Text);
            if (lines.Lines > seen) answers++;
            read += lines.Text.Length;
            (attempt, seen) = (lines.Attempt, lines.Lines);
            if (ended) break;
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        output.WriteLine($"{answers} answers with new lines, {read} characters read in all");
        Assert.Equal(expected.Length, seen);
        Assert.True(answers > 1, $"{answers} answers with new lines: the program ended before it was read twice");

        (code, stdout, stderr) = await follow;
        Assert.True(code == 0, stderr);
        Assert.Equal("", stderr);
        Assert.Equal(expected, stdout.Split('\n')[..^1]);
    }
}
