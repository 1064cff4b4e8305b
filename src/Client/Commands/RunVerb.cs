using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep run SPEC.json [CONNECTION] [--out FILE]`: submits a sweep to the sweep coordinator grain (an embedded
/// single silo by default), shows progress on standard error until it ends, and writes the Sweep result (CONTRACT §4).
/// Ctrl+C asks the sweep to cancel and exits 3.
/// </summary>
public sealed class RunVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    public Command Build()
    {
        var spec = CommonOptions.SpecArgument();
        var output = CommonOptions.Out();
        var connection = new ConnectionOptions();
        var command = new Command("run", "submit a sweep, show live progress, wait, and write the Sweep result") { spec, output };
        foreach (var option in connection.All) command.Options.Add(option);
        command.SetAction((parsed, cancel) =>
            RunAsync(parsed.GetValue(spec)!, connection.Resolve(parsed, new ClusterTarget.Local()), parsed.GetValue(output), cancel));
        return command;
    }

    private async Task<int> RunAsync(string path, ClusterTarget target, string? output, CancellationToken cancel)
    {
        // Every mistake in the spec or its data is reported before anything is submitted.
        var spec = SpecParser.ParseFile(path);
        DataCompatibility.Ensure(spec);

        await using var connection = await Connect(target);
        if (connection is null) return SweepCommand.Failure;
        var sweepId = "s-" + Guid.NewGuid().ToString("N")[..8];
        var coordinator = connection.Client.GetGrain<ISweepCoordinatorGrain>(sweepId);
        await coordinator.Submit(JsonSerializer.Serialize(spec, SpecJson.Options));
        await stderr.WriteLineAsync($"sweep {sweepId} ({spec.Name}) submitted to {target}");

        var cancelled = false;
        string? lastLine = null;
        while (true)
        {
            if (cancel.IsCancellationRequested && !cancelled)
            {
                cancelled = true;
                await stderr.WriteLineAsync($"cancelling sweep {sweepId} ...");
                await coordinator.Cancel();
            }
            var status = await coordinator.GetStatus();
            var line = Describe(status);
            if (line != lastLine) await stderr.WriteLineAsync(lastLine = line);
            if (status.Status is not (SweepPhase.Running or SweepPhase.None)) break;
            try
            {
                await Task.Delay(PollEvery, cancelled ? CancellationToken.None : cancel);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the next turn of the loop cancels the sweep and waits for it to end.
            }
        }

        var report = await coordinator.GetResult(includeHistories: true);
        await CommonOptions.WriteResultAsync(report.Json, output, stdout);
        return report.Status switch
        {
            SweepPhase.Completed => SweepCommand.Ok,
            SweepPhase.Cancelled => SweepCommand.Cancelled,
            _ => SweepCommand.Failure,
        };
    }

    private async Task<SweepClusterConnection?> Connect(ClusterTarget target)
    {
        try
        {
            return await SweepClusterConnection.ConnectAsync(target);
        }
        catch (ClusterUnavailableException e)
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return null;
        }
    }

    private static string Describe(SweepSummary s)
    {
        int Count(params TrialPhase[] phases) => phases.Sum(p => s.Counts.TryGetValue(p, out var n) ? n : 0);
        var done = Count(TrialPhase.Completed, TrialPhase.Diverged, TrialPhase.Stopped);
        var running = Count(TrialPhase.Running, TrialPhase.Queued, TrialPhase.Pending);
        var failed = Count(TrialPhase.Failed, TrialPhase.Cancelled);
        var best = s.BestLearningRate is double eta
            ? string.Create(CultureInfo.InvariantCulture, $"  best η {eta:G4}{(s.BestMetric is double m ? $" ({m:G5})" : "")}")
            : "";
        return $"{s.Status.ToString().ToLowerInvariant()}: {done} done, {running} running, {failed} failed or cancelled{best}  [coordinator on {s.Silo}]";
    }
}
