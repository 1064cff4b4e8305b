using Microsoft.Extensions.Logging;
using SweepCluster.Engine.Training;

namespace SweepCluster.Grains.Slots;

/// <summary>
/// Compiles the training code (<see cref="TrainingWarmup"/>) on a low-priority thread of its own while the silo starts,
/// so that no trial pays the JIT, which in a fresh process costs a small trial many times its own training
/// (<c>bench/Engine.Bench -- warmup</c> measures it). It takes a fraction of a second of one core once per silo, and
/// keeps the bundled MNIST loaded, which most sweeps train on anyway. It goes
/// through neither the slots nor the metrics: a silo's trial counts and busy time are its trials' alone.
/// </summary>
internal sealed partial class TrainingWarmupService(ILogger<TrainingWarmupService> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TrainingWarmupService), ServiceLifecycleStage.RuntimeInitialize, Start, Stop);

    private Task Start(CancellationToken cancel)
    {
        new Thread(WarmUp) { IsBackground = true, Name = "sweep-training-warmup" }.Start();
        return Task.CompletedTask;
    }

    private Task Stop(CancellationToken cancel)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private void WarmUp()
    {
        using var lowered = TrainingThreadPriority.Lower();
        try
        {
            LogWarmedUp(logger, TrainingWarmup.Run(_stopping.Token).TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
            // The silo stopped first.
        }
        catch (Exception e)
        {
            // Only the first trials' speed depends on it: the silo goes on.
            LogWarmupFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training code compiled in {Milliseconds:F0} ms.")]
    private static partial void LogWarmedUp(ILogger logger, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training warm-up failed; the first trials compile the code instead.")]
    private static partial void LogWarmupFailed(ILogger logger, Exception exception);
}
