using Orleans.Storage;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A coordinator's log as its store holds it, read through the storage provider without asking the grain: the head
/// (its size as stored) and every page the head counts.
/// </summary>
public sealed record StoredLog(SweepCoordinatorState Head, int HeadBytes, IReadOnlyList<SweepLogPage> Pages)
{
    /// <summary>Every entry, in log order: the pages', then the tail's.</summary>
    public IEnumerable<SweepLogEntry> Entries => Pages.SelectMany(p => p.Entries).Concat(Head.Tail);

    /// <summary>Keys logged as issued, and the number of times each was.</summary>
    public IReadOnlyDictionary<string, int> Issued => Count<RequestIssued>();

    /// <summary>Keys logged with an end, and the number of times each was.</summary>
    public IReadOnlyDictionary<string, int> Reported => Count<OutcomeReported>();

    public static async Task<StoredLog> ReadAsync(IGrainStorage storage, IGrainStorageSerializer serializer, IAddressable coordinator)
    {
        var (head, bytes) = await ReadHeadAsync(storage, serializer, coordinator);
        var log = new SweepLogStore(storage, coordinator.GetGrainId());
        var pages = new List<SweepLogPage>();
        for (var i = 0; i < head.SealedPages; i++)
        {
            var page = new GrainState<SweepLogPage>(new SweepLogPage());
            await storage.ReadStateAsync(SweepLogStore.PageStateName, log.PageId(i), page);
            pages.Add(page is { RecordExists: true, State: { } stored } ? stored : throw new InvalidOperationException($"page {i} of {coordinator.GetGrainId()} is not stored."));
        }
        return new StoredLog(head, bytes, pages);
    }

    /// <summary>The head alone, and its size in the store's format.</summary>
    public static async Task<(SweepCoordinatorState Head, int Bytes)> ReadHeadAsync(IGrainStorage storage, IGrainStorageSerializer serializer, IAddressable coordinator)
    {
        var head = new GrainState<SweepCoordinatorState>(new SweepCoordinatorState());
        await storage.ReadStateAsync(SweepLogStore.HeadStateName, coordinator.GetGrainId(), head);
        if (head is not { RecordExists: true, State: { } state }) throw new InvalidOperationException($"{coordinator.GetGrainId()} has no stored state.");
        return (state, serializer.Serialize(state).ToMemory().Length);
    }

    private Dictionary<string, int> Count<T>() where T : SweepLogEntry =>
        Entries.OfType<T>().GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Count());
}
