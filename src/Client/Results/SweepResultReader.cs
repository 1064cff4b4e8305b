using System.Runtime.CompilerServices;
using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Client.Results;

/// <summary>
/// A sweep's result read from its cluster in pieces, never whole: the header from the coordinator, then pages of
/// trial keys from it, and each trial from its own grain, a batch at a time. At most two batches are held (the one
/// being written, the next one arriving), whatever the sweep's size; the coordinator only ever answers small, quick
/// calls that interleave with its decisions.
/// </summary>
public sealed class SweepResultReader
{
    /// <summary>Keys per page: a few dozen KB per message.</summary>
    public const int PageSize = 500;

    /// <summary>
    /// Trials fetched at once. Enough calls in flight to hide a round trip, few enough that two batches of trials with
    /// long histories stay small in memory.
    /// </summary>
    public const int BatchSize = 32;

    private static readonly IReadOnlyDictionary<string, Verdict> Verdicts =
        Enum.GetValues<Verdict>().ToDictionary(v => ContractNames.Of(v), StringComparer.Ordinal);

    private readonly IGrainFactory _grains;
    private readonly ISweepCoordinatorGrain _coordinator;

    private SweepResultReader(IGrainFactory grains, SweepResultHeader header, SweepResult summary)
    {
        _grains = grains;
        _coordinator = grains.GetGrain<ISweepCoordinatorGrain>(header.SweepId);
        Header = header;
        Summary = summary;
    }

    /// <summary>The coordinator's header: the Sweep result JSON with <c>"trials": []</c>.</summary>
    public SweepResultHeader Header { get; }

    /// <summary>The header read back: the Sweep result without its trials.</summary>
    public SweepResult Summary { get; }

    /// <summary>Asks the coordinator of <paramref name="sweepId"/> for the result's header.</summary>
    public static async Task<SweepResultReader> OpenAsync(IGrainFactory grains, string sweepId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var header = await grains.GetGrain<ISweepCoordinatorGrain>(sweepId).GetResultHeader();
        var summary = JsonSerializer.Deserialize<SweepResult>(header.Json, SpecJson.Options)
            ?? throw new InvalidDataException($"sweep {sweepId}: its coordinator sent the JSON null as the result's header.");
        return new SweepResultReader(grains, header, summary);
    }

    /// <summary>
    /// The result's trials in its order, each as the whole result would list it (its stage and the search's verdict),
    /// histories only if asked for; trials that have not finished are left out, as in the whole result.
    /// </summary>
    public async IAsyncEnumerable<Trial> TrialsAsync(bool includeHistories, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        await using var batches = BatchesAsync(cancel).GetAsyncEnumerator(cancel);
        var arriving = await batches.MoveNextAsync() ? FetchAsync(batches.Current, includeHistories) : null;
        while (arriving is not null)
        {
            var trials = await arriving;
            // The next batch travels while this one is written.
            arriving = await batches.MoveNextAsync() ? FetchAsync(batches.Current, includeHistories) : null;
            foreach (var trial in trials) yield return trial;
        }
    }

    /// <summary><paramref name="listed"/> (a trial of <see cref="TrialsAsync"/> read without histories) with its history.</summary>
    public async Task<Trial> WithHistoryAsync(Trial listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var result = await _grains.GetGrain<ITrialGrain>(listed.TrialId).GetResult();
        return result is null ? listed : listed with { History = result.Trial.History };
    }

    private async IAsyncEnumerable<SweepResultEntry[]> BatchesAsync([EnumeratorCancellation] CancellationToken cancel)
    {
        string? after = null;
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            var page = await _coordinator.GetResultPage(after, PageSize);
            foreach (var batch in page.Trials.Chunk(BatchSize)) yield return batch;
            if (page.Trials.Count < PageSize) yield break;
            after = page.Trials[^1].Key;
        }
    }

    private async Task<Trial[]> FetchAsync(SweepResultEntry[] entries, bool includeHistories)
    {
        var results = await Task.WhenAll(entries.Select(e =>
        {
            var trial = _grains.GetGrain<ITrialGrain>(SweepResultBuilder.TrialId(Header.SweepId, e.Key));
            return includeHistories ? trial.GetResult() : trial.GetResultWithoutHistory();
        }));
        var trials = new List<Trial>(entries.Length);
        for (var i = 0; i < entries.Length; i++)
            if (results[i] is { } result) trials.Add(AsListed(entries[i], result.Trial, includeHistories));
        return [.. trials];
    }

    /// <summary>What <c>SweepResultBuilder</c> makes of a trial: its id in this sweep, stage 0 if inherited, the search's verdict.</summary>
    private Trial AsListed(SweepResultEntry entry, Trial trial, bool includeHistories) => trial with
    {
        TrialId = SweepResultBuilder.TrialId(Header.SweepId, entry.Key),
        Stage = SweepInheritance.IsInherited(entry.Key) ? 0 : trial.Stage,
        Verdict = !entry.Judged ? trial.Verdict : entry.Verdict is { } name ? Verdicts[name] : null,
        History = includeHistories ? trial.History : null,
        Parameters = TrialConfiguration.Reported(TrialParameter.ToValues(entry.Parameters), trial.LearningRate) ?? trial.Parameters,
    };
}
