namespace SweepCluster.Engine.Trainers;

/// <summary>
/// Lets the owner of a running trial stop it from outside: early (it ends <c>stopped</c>) or cancelled (it ends
/// <c>cancelled</c>). The first request wins; later ones are ignored.
/// </summary>
public sealed class TrialControl
{
    private readonly TaskCompletionSource<StopCause> _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void RequestStop() => _requested.TrySetResult(StopCause.EarlyStopped);

    public void RequestCancel() => _requested.TrySetResult(StopCause.Cancelled);

    internal Task<StopCause> Requested => _requested.Task;
}
