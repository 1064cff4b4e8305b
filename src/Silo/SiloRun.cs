namespace SweepCluster.Silo;

/// <summary>
/// One Orleans silo of this process, from its start until it is stopped: whether its own membership row was found the
/// last time it was looked for, and the request to replace it with a new silo (made once, by whichever notices first).
/// </summary>
internal sealed class SiloRun
{
    private readonly TaskCompletionSource<string> _restart = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IServiceProvider? _services;
    private volatile string? _rowProblem;

    /// <summary>The started silo's services; null until it has started.</summary>
    public IServiceProvider? Services
    {
        get => _services;
        set => _services = value;
    }

    /// <summary>Why the last look at this silo's membership row failed (Redis does not answer, say); null when it was found.</summary>
    public string? RowProblem
    {
        get => _rowProblem;
        set => _rowProblem = value;
    }

    /// <summary>Completes, with the reason, once this silo must be replaced.</summary>
    public Task<string> Restart => _restart.Task;

    public bool Restarting => _restart.Task.IsCompleted;

    /// <summary>Asks for a new silo in place of this one; the first reason is the one kept.</summary>
    public void RequestRestart(string reason) => _restart.TrySetResult(reason);
}
