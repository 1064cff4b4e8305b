using SweepCluster.Grains.Load;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Client.Console;

/// <summary>What Ctrl+C means while a sweep is followed.</summary>
internal enum OnInterrupt
{
    /// <summary>`run`, `retry`, `refine`: the command started the sweep, so Ctrl+C cancels it and waits for its end.</summary>
    CancelSweep,

    /// <summary>`watch`: the sweep is not the command's; Ctrl+C leaves it running.</summary>
    StopWatching,
}

/// <summary>
/// Follows a sweep until it ends, showing <see cref="ProgressLine"/> on standard error whenever it changes: plain lines
/// when standard error is redirected (logs stay readable), one line rewritten in place on a terminal; then the ended
/// sweep's warnings, one line each.
/// </summary>
internal sealed class SweepProgress(IClusterClient client, TextWriter stderr)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    // Silos report their load about once a second; asking more often shows nothing new.
    private static readonly TimeSpan SilosEvery = TimeSpan.FromSeconds(1);
    // A coordinator whose silo died is reactivated elsewhere once the cluster declares the silo dead (Orleans'
    // default detection takes up to a minute); the sweep goes on meanwhile, so the command waits that long for it.
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromMinutes(2);

    private readonly bool _live = ReferenceEquals(stderr, System.Console.Error) && !System.Console.IsErrorRedirected;
    private bool _lineOpen;
    private DateTime? _silentSince;

    /// <summary>
    /// True: the ended sweep's line is left to the caller, who shows it with the counts of the result it then reads
    /// (<see cref="ProgressLine.Of(SweepSummary, TrialCounts, IReadOnlyList{SiloLoad})"/>).
    /// </summary>
    public bool LeavesFinalLine { get; init; }

    /// <summary>Whether the sweep's warnings are printed when it ends; not when a summary that lists them follows.</summary>
    public bool PrintsWarnings { get; init; } = true;

    /// <summary>The silos' load as last seen.</summary>
    public IReadOnlyList<SiloLoad> Silos { get; private set; } = [];

    /// <returns>The summary of the ended sweep; null when Ctrl+C stopped the watching (<see cref="OnInterrupt.StopWatching"/>).</returns>
    public async Task<SweepSummary?> FollowAsync(string sweepId, OnInterrupt onInterrupt, CancellationToken cancel)
    {
        var coordinator = client.GetGrain<ISweepCoordinatorGrain>(sweepId);
        var board = client.GetGrain<IClusterLoadGrain>(0);
        IReadOnlyList<SiloLoad> silos = [];
        var silosAsked = DateTime.MinValue;
        var cancelling = false;
        string? last = null;
        while (true)
        {
            if (cancel.IsCancellationRequested && !cancelling)
            {
                if (onInterrupt == OnInterrupt.StopWatching)
                {
                    EndLine();
                    return null;
                }
                cancelling = true;
                Message($"cancelling sweep {sweepId} ...");
                await coordinator.Cancel();
            }
            if (await StatusAsync(coordinator, sweepId) is not { } status)
            {
                await PauseAsync(cancelling ? CancellationToken.None : cancel);
                continue;
            }
            if (DateTime.UtcNow - silosAsked >= SilosEvery)
            {
                silosAsked = DateTime.UtcNow;
                silos = await TrySilosAsync(board) ?? silos;
            }
            Silos = silos;
            var ended = status.Status is not (SweepPhase.Running or SweepPhase.None);
            var line = ProgressLine.Of(status, silos);
            if (line != last && !(ended && LeavesFinalLine)) Show(last = line);
            if (ended)
            {
                EndLine();
                if (PrintsWarnings)
                    foreach (var warning in status.Warnings) stderr.WriteLine(ProgressLine.Warning(warning));
                return status;
            }
            await PauseAsync(cancelling ? CancellationToken.None : cancel);
        }
    }

    private static async Task PauseAsync(CancellationToken cancel)
    {
        try
        {
            await Task.Delay(PollEvery, cancel);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the next turn acts on it.
        }
    }

    /// <summary>The summary; null while the coordinator does not answer, for at most <see cref="SilenceLimit"/>.</summary>
    private async Task<SweepSummary?> StatusAsync(ISweepCoordinatorGrain coordinator, string sweepId)
    {
        try
        {
            var status = await coordinator.GetStatus();
            if (_silentSince is not null) Message($"sweep {sweepId}'s coordinator answers again.");
            _silentSince = null;
            return status;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (_silentSince is null) Message($"sweep {sweepId}'s coordinator does not answer ({Reason(e)}); trying again.");
            _silentSince ??= DateTime.UtcNow;
            if (DateTime.UtcNow - _silentSince > SilenceLimit) throw;
            return null;
        }
    }

    // Orleans' timeout message goes on to dump the whole request.
    private static string Reason(Exception e) => e is TimeoutException ? "no response in time" : e.Message.ReplaceLineEndings(" ") is { Length: > 120 } m ? m[..120] + "…" : e.Message.ReplaceLineEndings(" ");

    /// <summary>The load is decoration: a board that is moving to another silo is shown again on the next ask.</summary>
    private static async Task<IReadOnlyList<SiloLoad>?> TrySilosAsync(IClusterLoadGrain board)
    {
        try
        {
            return await board.GetSilos();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private void Show(string line)
    {
        if (!_live)
        {
            stderr.WriteLine(line);
            return;
        }
        // Cut to the terminal's width: a wrapped line could not be rewritten in place.
        var width = Math.Max(20, System.Console.WindowWidth - 1);
        stderr.Write("\r\u001b[2K" + (line.Length > width ? line[..(width - 1)] + "…" : line));
        _lineOpen = true;
    }

    private void Message(string text)
    {
        EndLine();
        stderr.WriteLine(text);
    }

    private void EndLine()
    {
        if (!_lineOpen) return;
        stderr.WriteLine();
        _lineOpen = false;
    }
}
