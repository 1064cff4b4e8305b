using Microsoft.Extensions.Logging;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Slots;

namespace SweepCluster.Grains.Load;

/// <summary>
/// Reports this silo's slots to the board every <see cref="SweepSiloOptions.LoadReportPeriod"/> while the silo is
/// active, and keeps <see cref="ClusterLoadView"/> current with the answer.
/// </summary>
internal sealed partial class SiloLoadReporter(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    TrainingSlots slots,
    ClusterLoadView view,
    SweepSiloOptions options,
    ILogger<SiloLoadReporter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private long _sequence;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloLoadReporter), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancel)
    {
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancel)
    {
        _stopping.Cancel();
        await _loop.WaitAsync(cancel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        var board = grains.GetGrain<IClusterLoadGrain>(0);
        var address = SiloLoad.AddressOf(silo.SiloAddress);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var load = new SiloLoad(silo.SiloAddress, address, slots.Capacity, slots.Running, slots.Waiting, ++_sequence);
                // Bounded: a call to a board whose silo was just killed should not hold up the reports after it.
                view.Update(await board.Report(load).WaitAsync(ReportTimeout, stopping));
                await Task.Delay(options.LoadReportPeriod, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The board's silo may just have died: the next report reactivates it elsewhere.
                LogReportFailed(logger, e.Message);
                await Task.Delay(options.LoadReportPeriod, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(5);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Load report failed: {Reason}")]
    private static partial void LogReportFailed(ILogger logger, string reason);
}
