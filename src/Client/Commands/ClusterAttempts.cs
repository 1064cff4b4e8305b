using System.Diagnostics;
using System.Globalization;
using SweepCluster.Grains.Connection;

namespace SweepCluster.Client.Commands;

/// <summary>
/// Runs a verb's work against its cluster and rides through the cluster's transient faults (a silo that died and is not
/// yet declared dead, a gateway gone, a paused silo, Redis restarting): each attempt on a fresh connection, so that a
/// dead gateway or a call stuck on a paused silo does not poison the next one, with growing pauses, until the cluster
/// has not let the work go on for the wait (<c>--wait-seconds</c>). The work tells of its progress
/// (<see cref="Answered"/>), so a long watch waits per outage, not in all. A cluster that is not there at all (no Redis,
/// no silo listed, nothing at the gateway) is said at once when nothing of it ever answered this command.
/// </summary>
/// <remarks>
/// The work runs again from its start on each attempt: it must be safe to repeat (a submission goes under an id minted
/// once, a cancel or a retry is sent once), and it writes its output only once it has read what it writes.
/// </remarks>
internal sealed class ClusterAttempts(ClusterTarget target, TimeSpan wait, TextWriter stderr, Func<ClusterUnavailableException, string> unavailable)
    : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    /// <summary>How long a call that should be quick (a status) may take before the attempt is given up.</summary>
    public static readonly TimeSpan QuickCall = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(4);

    private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
    private readonly StoredSweepReader? _stored = StoredSweepReader.For(target);
    private bool _reached;
    private bool _inOutage;

    public ClusterTarget Target => target;

    /// <summary>The sweeps as stored in Redis by their coordinators; null for a cluster that keeps its state in memory.</summary>
    public StoredSweepReader? Stored => _stored;

    /// <summary>
    /// Orleans' response timeout for these connections: a quarter of the wait (within 5–30 s), so that a call to a paused
    /// silo fails in time to be tried again on another connection.
    /// </summary>
    private TimeSpan ResponseTimeout => TimeSpan.FromTicks(Math.Clamp(wait.Ticks / 4, TimeSpan.FromSeconds(5).Ticks, TimeSpan.FromSeconds(30).Ticks));

    /// <summary>The work went on: the cluster answered. The wait starts again at the next fault.</summary>
    public void Answered()
    {
        _reached = true;
        _sinceProgress.Restart();
        if (_inOutage) stderr.WriteLine("the cluster answers again.");
        _inOutage = false;
    }

    /// <param name="fromStore">
    /// What the verb can do from the sweep's stored state when an attempt fails (its coordinator does not answer):
    /// null when it cannot, and then the attempts go on.
    /// </param>
    public async Task<int> RunAsync(Func<SweepSession, Task<int>> work, Func<StoredSweepReader, Task<int?>>? fromStore, CancellationToken cancel)
    {
        if (target is ClusterTarget.Local)
        {
            // An embedded silo lives and dies with this command: a second one would hold none of the first one's sweeps.
            await using var local = new SweepSession(await SweepClusterConnection.ConnectAsync(target, cancel: cancel), this);
            return await work(local);
        }
        var pause = FirstPause;
        while (true)
        {
            SweepSession? session = null;
            Exception failure;
            try
            {
                var connection = await SweepClusterConnection.ConnectAsync(target, cancel: cancel, responseTimeout: ResponseTimeout);
                _reached = true;
                session = new SweepSession(connection, this);
                return await work(session);
            }
            catch (ClusterUnavailableException e) when (e.Absent && !_reached)
            {
                throw new VerbFailure(unavailable(e));
            }
            catch (Exception e) when (!cancel.IsCancellationRequested && ClusterFaults.IsTransient(e))
            {
                failure = e;
            }
            finally
            {
                if (session is not null) await session.DisposeAsync();
            }

            if (fromStore is not null && _stored is not null && await TryStoreAsync(fromStore) is { } code) return code;
            if (_sinceProgress.Elapsed + pause > wait) throw new VerbFailure(GaveUp(failure));
            if (!_inOutage)
            {
                _inOutage = true;
                await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"the cluster does not answer ({ClusterFaults.Describe(failure)}); trying again for up to {wait.TotalSeconds:0.#} s"));
            }
            await Task.Delay(pause, cancel);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stored is not null) await _stored.DisposeAsync();
    }

    /// <summary>The stored state when it can be read; a store that does not answer either is one more fault to wait out.</summary>
    private async Task<int?> TryStoreAsync(Func<StoredSweepReader, Task<int?>> fromStore)
    {
        try
        {
            return await fromStore(_stored!);
        }
        catch (Exception e) when (e is not VerbFailure and not Engine.InputException)
        {
            return null;
        }
    }

    private string GaveUp(Exception failure)
    {
        var seconds = wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        return failure is ClusterUnavailableException unavailableCluster
            ? unavailable(unavailableCluster) + $" (waited {seconds} s; --wait-seconds N waits longer)"
            : $"the cluster did not answer for {seconds} s ({ClusterFaults.Describe(failure)}) through {target}; --wait-seconds N waits longer.";
    }
}
