using System.CommandLine;
using SweepCluster.Engine;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep logs ID TRIAL [CONNECTION] [--follow] [--stderr]`: the kept output of one trial's program (its last 1 MB of
/// stdout, or of stderr); with --follow, what it prints next, until the trial ends.
/// </summary>
public sealed class LogsVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    private static readonly TimeSpan FollowPeriod = TimeSpan.FromMilliseconds(500);

    private readonly Argument<string> _trial = new("TRIAL") { Description = "the trial's id (s-1234abcd/0/1/2) or its key in the sweep (0/1/2), as `sweep status ID --json` lists them" };
    private readonly Option<bool> _follow = new("--follow", "-f") { Description = "go on printing what the program prints until the trial ends" };
    private readonly Option<bool> _stderr = new("--stderr") { Description = "the program's standard error instead of its standard output" };

    public Command Build()
    {
        var id = CommonOptions.SweepIdArgument();
        var connection = ConnectionOptions.Standing("logs");
        var command = new Command("logs", "the captured output of one trial's program (a command trainer's)") { id, _trial, _follow, _stderr };
        connection.AddTo(command);
        command.SetAction((parsed, cancel) =>
        {
            var sweepId = SweepIds.Check(parsed.GetValue(id)!);
            return RunAsync(sweepId, TrialId(sweepId, parsed.GetValue(_trial)!), connection, parsed, cancel);
        });
        return command;
    }

    /// <summary>The full trial id from TRIAL: already one of this sweep, or a key within it.</summary>
    internal static string TrialId(string sweepId, string trial)
    {
        var given = trial.Trim();
        if (given.Length == 0) throw new InputException("TRIAL: an empty trial is not allowed; give its id (s-1234abcd/0/1/2) or its key (0/1/2).");
        if (given.StartsWith(sweepId + "/", StringComparison.Ordinal)) return given;
        if (given.StartsWith("s-", StringComparison.Ordinal))
            throw new InputException($"TRIAL: \"{given}\" is a trial of another sweep than {sweepId}; give one of its trials, or its key (0/1/2).");
        return $"{sweepId}/{given.Trim('/')}";
    }

    private async Task<int> RunAsync(string sweepId, string trialId, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        var follow = parsed.GetValue(_follow);
        var errors = parsed.GetValue(_stderr);
        // Kept across reconnects, so that a fault waited out prints nothing twice.
        var attempt = 0;
        long printed = 0;
        return await connection.RunAsync(parsed, stderr, async session =>
        {
            await session.FindAsync(sweepId);
            var trial = session.Client.GetGrain<ITrialGrain>(trialId);
            while (true)
            {
                // The status first: output read after it saw the end holds all of it.
                var status = await trial.GetStatus();
                if (!follow)
                {
                    var logs = await trial.GetLogs() ?? throw NoTrial(sweepId, trialId);
                    session.Answered();
                    await stdout.WriteAsync(logs.Of(errors).Text);
                    return SweepCommand.Ok;
                }
                // Only the lines not printed yet cross the wire.
                var lines = await trial.GetLogsAfter(attempt, errors, printed) ?? throw NoTrial(sweepId, trialId);
                session.Answered();
                if (lines.Attempt != attempt)
                {
                    if (attempt != 0) await stderr.WriteLineAsync($"(trial {trialId} restarted: attempt {lines.Attempt}; its output follows)");
                    attempt = lines.Attempt;
                    printed = 0;
                }
                else if (lines.First > printed)
                {
                    await stderr.WriteLineAsync($"({lines.First - printed} lines not kept: a trial keeps the last 1 MB of each stream)");
                }
                printed = await PrintNewAsync(lines, printed);
                await stdout.FlushAsync(cancel);
                if (status.Phase.IsTerminal()) return SweepCommand.Ok;
                await Task.Delay(FollowPeriod, cancel);
            }
        }, cancel);
    }

    private static VerbFailure NoTrial(string sweepId, string trialId) =>
        new($"no trial \"{trialId}\" in sweep {sweepId} (`sweep status {sweepId} --json` lists its trials).");

    /// <summary>Prints the lines numbered after <paramref name="printed"/>; returns how many lines the stream has printed.</summary>
    private async Task<long> PrintNewAsync(TrialLogLines lines, long printed)
    {
        // Every line ends with a line break.
        var text = lines.Text.Length == 0 ? [] : lines.Text[..^1].Split('\n');
        for (var i = Math.Max(0, printed - lines.First); i < text.Length; i++) await stdout.WriteLineAsync(text[i]);
        return Math.Max(printed, lines.Lines);
    }
}
