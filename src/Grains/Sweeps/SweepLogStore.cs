using System.Globalization;
using Orleans.Storage;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// A sweep's log, append-only and paged. The coordinator's own state (<see cref="SweepCoordinatorState"/>, the head)
/// holds the open tail; once the tail holds a page, the page is written once as a record of its own in the same
/// storage, grain id "sweeplog/{sweepId}/{index}", and the head's next write leaves it out. A decision's write costs
/// its tail, under a page, instead of the whole sweep's log.
/// </summary>
/// <remarks>
/// Pages are written first, then the head that counts them, so a stored head never counts a page that is not
/// stored. A page stored before a head write that never happened (the silo died between the two, or the head's write
/// failed) is counted by no head, and its entries are still in the stored head's tail: nothing is lost or read twice.
/// That page is written again when the tail fills again, over the old record, whose ETag is read first: both
/// providers refuse to overwrite a record without its ETag. Only while the stored head is still the one this
/// activation wrote, though: another activation that went on with the log may have sealed that page since.
/// </remarks>
internal sealed class SweepLogStore(IGrainStorage storage, GrainId head)
{
    /// <summary>
    /// Entries per page. A decision writes the head with its tail, on average half a page: small enough that the write
    /// costs little more than an empty record's round trip, large enough that a big sweep's log is a few dozen pages,
    /// read once when its coordinator is restored.
    /// </summary>
    public const int PageSize = 256;

    /// <summary>The coordinator's <c>[PersistentState]</c> name: the head's record.</summary>
    public const string HeadStateName = "sweep";

    public const string PageStateName = "page";

    public GrainId PageId(int index) => GrainId.Create("sweeplog", $"{head.Key}/{index.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// Writes each full page at the front of the tail as its own record and takes it out of the tail, counting it in
    /// <see cref="SweepCoordinatorState.SealedPages"/>; the caller writes the head next. <paramref name="headETag"/> is
    /// the ETag of the head as this activation last wrote (or read) it.
    /// </summary>
    /// <exception cref="InconsistentStateException">A page is stored already and the stored head is not this activation's.</exception>
    public async Task SealAsync(SweepCoordinatorState state, string? headETag)
    {
        while (state.Tail.Count >= PageSize)
        {
            await WritePageAsync(state.SealedPages, state.Tail.GetRange(0, PageSize), headETag);
            // Only once it is stored: the head written next counts it.
            state.Tail.RemoveRange(0, PageSize);
            state.SealedPages++;
        }
    }

    /// <summary>The whole log of <paramref name="state"/> replayed: its sealed pages in order, then its tail.</summary>
    /// <exception cref="InvalidOperationException">A page the head counts is not in storage.</exception>
    public async Task<SweepLogReplay> ReadAsync(SweepCoordinatorState state)
    {
        // Read together, so that the round trips overlap; replayed in order.
        var pages = await Task.WhenAll(Enumerable.Range(0, state.SealedPages).Select(ReadPageAsync));
        var replay = new SweepLogReplay();
        foreach (var page in pages) replay.Apply(page);
        replay.Apply(state.Tail);
        return replay;
    }

    private async Task WritePageAsync(int index, List<SweepLogEntry> entries, string? headETag)
    {
        var id = PageId(index);
        var record = new GrainState<SweepLogPage>(new SweepLogPage { Index = index, Entries = entries });
        try
        {
            await storage.WriteStateAsync(PageStateName, id, record);
            return;
        }
        catch (InconsistentStateException)
        {
            // Stored already: a page no head counts, unless another activation has gone on with the log.
        }
        var storedHead = new GrainState<SweepCoordinatorState>(new SweepCoordinatorState());
        await storage.ReadStateAsync(HeadStateName, head, storedHead);
        if (storedHead.ETag != headETag)
            throw new InconsistentStateException($"page {index} of {head}'s log is stored and the stored head is not this activation's: another activation went on with the log.");
        var stored = new GrainState<SweepLogPage>(new SweepLogPage());
        await storage.ReadStateAsync(PageStateName, id, stored);
        record.ETag = stored.ETag;
        await storage.WriteStateAsync(PageStateName, id, record);
    }

    private async Task<List<SweepLogEntry>> ReadPageAsync(int index)
    {
        var record = new GrainState<SweepLogPage>(new SweepLogPage());
        await storage.ReadStateAsync(PageStateName, PageId(index), record);
        if (!record.RecordExists || record.State is not { } page || page.Index != index)
            throw new InvalidOperationException($"page {index} of the log is not in storage.");
        return page.Entries;
    }
}
