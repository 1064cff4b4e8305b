using SweepCluster.Client.Commands;
using SweepCluster.Grains.Connection;
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
/// sweep's warnings, one line each. A coordinator
/// that does not answer ends the following with the fault, which <see cref="ClusterAttempts"/> waits out on a new
/// connection before following again: a coordinator whose silo died answers from another silo once the cluster has
/// declared the silo dead.
/// </summary>
internal sealed class SweepProgress(SweepSession session, TextWriter stderr)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    // Silos report their load about once a second; asking more often shows nothing new.
    private static readonly TimeSpan SilosEvery = TimeSpan.FromSeconds(1);

    private readonly IClusterClient _client = session.Client;
    private readonly bool _live = ReferenceEquals(stderr, System.Console.Error) && !System.Console.IsErrorRedirected;
    private bool _lineOpen;

    /// <summary>
    /// True: the ended sweep's line and its warnings are left to the caller, who shows the line with the counts of the
    /// result it then reads (<see cref="ProgressLine.Of(SweepSummary, TrialCounts, IReadOnlyList{SiloLoad})"/>).
    /// </summary>
    public bool LeavesFinalLine { get; init; }

    /// <summary>The silos' load as last seen.</summary>
    public IReadOnlyList<SiloLoad> Silos { get; private set; } = [];

    /// <returns>The summary of the ended sweep; null when Ctrl+C stopped the watching (<see cref="OnInterrupt.StopWatching"/>).</returns>
    public async Task<SweepSummary?> FollowAsync(string sweepId, OnInterrupt onInterrupt, CancellationToken cancel)
    {
        var coordinator = _client.GetGrain<ISweepCoordinatorGrain>(sweepId);
        var board = _client.GetGrain<IClusterLoadGrain>(0);
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
            var status = await StatusAsync(coordinator);
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
                if (!LeavesFinalLine)
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

    /// <summary>The summary; a fault ends the line on the terminal and goes to the caller, which tries again.</summary>
    private async Task<SweepSummary> StatusAsync(ISweepCoordinatorGrain coordinator)
    {
        try
        {
            var status = await coordinator.GetStatus();
            session.Answered();
            return status;
        }
        catch (Exception e) when (ClusterFaults.IsTransient(e))
        {
            EndLine();
            throw;
        }
    }

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
