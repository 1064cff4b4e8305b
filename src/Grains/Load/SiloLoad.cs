namespace SweepCluster.Grains.Load;

/// <summary>One silo's training load, as it last reported it.</summary>
/// <param name="Address">"host:port", the form a Trial's <c>silo</c> takes.</param>
/// <param name="Sequence">Counts this silo's reports, so that readers can tell a newer one without comparing clocks.</param>
[GenerateSerializer, Immutable, Alias("sweep.SiloLoad")]
public sealed record SiloLoad(SiloAddress Silo, string Address, int Slots, int Running, int Queued, long Sequence)
{
    /// <summary>Slots no run holds or waits for; negative when runs are queued.</summary>
    public int Free => Slots - Running - Queued;

    public static string AddressOf(SiloAddress silo) => $"{silo.Endpoint.Address}:{silo.Endpoint.Port}";
}
