using System.Text.Json;
using Microsoft.Extensions.Logging;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Driver;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Theory;
using SweepCluster.Grains.Trials;
using static SweepCluster.Grains.Sweeps.SweepCoordinatorLog;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// A coordinator's answers about its sweep: the status summary, and the Sweep result whole in one message
/// (<see cref="GetResult"/>) or in pieces that a reader puts together (<see cref="GetResultHeader"/>,
/// <see cref="GetResultPage"/>, then each trial from its grain). The histories of a large sweep together are over
/// Orleans' message size limit; read in pieces, the largest message is a page of keys or one trial, and the
/// coordinator's activation is never busy for long.
/// </summary>
/// <remarks>
/// The header and the pages interleave with every other call, so they read the search only between awaits: each
/// reads what it needs in one synchronous stretch (the coordinator's spec and driver as they are
/// now), and what runs off the turn (theory, serializing) works on copies. A decision that lands between two
/// pages shows in the later one (a verdict judged again, a trial finished), as it would in a result read a moment later.
/// The result's theory is the first arm's smoothness, estimated once from the data off the activation's turn and stored
/// with the sweep, and the divergence edge of the stored outcomes: a sweep whose data is gone since keeps its theory;
/// one whose data went before the estimate has none.
/// </remarks>
internal sealed class SweepResultAssembly(
    string sweepId,
    string silo,
    IPersistentState<SweepCoordinatorState> state,
    SweepLogWriter log,
    SweepTrials trials,
    Func<(SweepSpec? Spec, SweepDriver? Driver)> current,
    Func<string> notRestored,
    ILogger logger)
{
    // How often the header fetches the best trials again when a decision changed them meanwhile.
    private const int HeaderAttempts = 3;

    // The result's keys in their order and each one's end (its verdict), as of the last page read: a reader pages through
    // the whole result, and working them out again for every page would make reading a sweep quadratic in its size.
    private ResultPages? _resultPages;

    // The estimate in progress, or done by this activation; null before it starts, or after it failed (a later read tries again).
    private Task<Smoothness?>? _smoothness;

    private (SweepSearch? Search, IReadOnlyList<string> Lines) _warnings = (null, []);

    private sealed record ResultPages(
        SweepSearch Search, int Issued, int Reported, ResultPosition[] Order, IReadOnlyDictionary<string, int> InheritedArms,
        TrialEnd[] Ends);

    /// <summary>A result trial's end as a page lists it, one byte each: not reported, reported without a verdict, or its verdict + 2.</summary>
    private readonly record struct TrialEnd(byte Value)
    {
        public bool Reported => Value != 0;

        public Verdict? Verdict => Value > 1 ? (Verdict)(Value - 2) : null;

        public static TrialEnd Of(bool reported, Verdict? verdict) => new((byte)(!reported ? 0 : verdict is { } v ? (int)v + 2 : 1));
    }

    private SweepSpec? Spec => current().Spec;

    private SweepDriver? Driver => current().Driver;

    private SweepSearch? Search => Driver?.Search;

    /// <summary>The sweep at a glance; an ended sweep's warnings with it.</summary>
    public SweepSummary Summary() =>
        SweepSummary.Of(sweepId, Spec?.Name, state.State.Phase, state.State.Error, Search, silo)
            with { Warnings = state.State.Phase is SweepPhase.Running or SweepPhase.None ? [] : EndWarnings() };

    /// <summary>The ended sweep's warnings, worked out once per search: a summary is asked for every quarter second.</summary>
    private IReadOnlyList<string> EndWarnings()
    {
        if (Search is not { } search) return [];
        if (!ReferenceEquals(_warnings.Search, search)) _warnings = (search, search.Warnings());
        return _warnings.Lines;
    }

    public async Task<SweepReport> GetResult(bool includeHistories)
    {
        var (result, phase) = await ResultAsync(includeHistories);
        // The JSON may be large: off the activation's turn.
        var json = await Task.Run(() => JsonSerializer.Serialize(result, SpecJson.Options));
        return new SweepReport(sweepId, phase, json);
    }

    /// <summary>The Sweep result so far, trials fetched from their grains (histories only if asked for), with the sweep's phase.</summary>
    public async Task<(SweepResult Result, SweepPhase Phase)> ResultAsync(bool includeHistories)
    {
        if (Spec is not { } spec || Search is not { } search) throw new InvalidOperationException(notRestored());
        var smoothness = await SmoothnessAsync(spec);
        var keys = ResultKeys(Driver);
        var results = await Task.WhenAll(keys.Select(k => includeHistories ? trials.Trial(k).GetResult() : trials.Trial(k).GetResultWithoutHistory()));
        var phase = state.State.Phase;
        var wall = state.State.WallSeconds(DateTime.UtcNow);
        // Off the activation's turn. No other turn that changes the search runs meanwhile (the coordinator's GetResult and
        // Inherit do not interleave), so the search is not changed under it.
        var result = await Task.Run(() =>
        {
            var trialsOf = results.OfType<TrialResult>().Select(r => r.Trial).ToArray();
            var theory = TheoryOf(spec, smoothness, search.Outcomes);
            return SweepResultBuilder.Build(sweepId, search, trialsOf, phase.ToStatus(), theory, wall);
        });
        return (result, phase);
    }

    public async Task<SweepResultHeader> GetResultHeader()
    {
        if (Spec is not { } first) throw new InvalidOperationException(notRestored());
        var smoothness = await SmoothnessAsync(first);
        for (var attempt = 1; ; attempt++)
        {
            if (Spec is not { } spec || Search is not { } search) throw new InvalidOperationException(notRestored());
            // The best trials' own rates (the smoothness rule fixes its own) are all the header needs of the trials.
            var bestKeys = BestKeys(search);
            var bests = await Task.WhenAll(bestKeys.Select(k => trials.Trial(k).GetResultWithoutHistory()));
            // Other turns ran during that await: a retry may have restored a new search, a report found a new best
            // (whose rate would then be the search's, not its trial's).
            if (attempt < HeaderAttempts && (!ReferenceEquals(search, Search) || !bestKeys.SequenceEqual(BestKeys(search)))) continue;
            var phase = state.State.Phase;
            var wall = state.State.WallSeconds(DateTime.UtcNow);
            var bestTrials = bests.OfType<TrialResult>().Select(r => r.Trial).ToArray();
            var result = SweepResultBuilder.Build(sweepId, search, bestTrials, phase.ToStatus(), null, wall) with { Trials = [] };
            var outcomes = search.Outcomes;
            var count = ResultKeys(Driver).Count;
            // Off this turn, as GetResult does, on copies: the result's parts are immutable and the outcomes a new list.
            var json = await Task.Run(() => JsonSerializer.Serialize(result with { Theory = TheoryOf(spec, smoothness, outcomes) }, SpecJson.Options));
            return new SweepResultHeader(sweepId, phase, json, count);
        }
    }

    public SweepResultPage GetResultPage(string? after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (Search is not { } search) throw new InvalidOperationException(notRestored());
        var pages = ResultOrder(search);
        var start = 0;
        if (after is not null)
        {
            start = Array.BinarySearch(pages.Order, ResultPosition.Of(after, pages.InheritedArms));
            start = start < 0 ? ~start : start + 1;
        }
        var entries = new List<SweepResultEntry>(Math.Max(0, Math.Min(count, pages.Order.Length - start)));
        for (var i = start; i < pages.Order.Length && entries.Count < count; i++)
        {
            var (key, end) = (pages.Order[i].Key, pages.Ends[i]);
            entries.Add(new SweepResultEntry(key, end.Reported, end.Verdict is { } v ? VerdictName(v) : null, ParametersOf(search, key)));
        }
        return new SweepResultPage([.. entries]);
    }

    /// <summary>The result's order and verdicts of <paramref name="search"/> now: the last ones when nothing was issued or reported since.</summary>
    private ResultPages ResultOrder(SweepSearch search)
    {
        var issued = search.Issued.Count;
        var reported = search.CountByStatus().Values.Sum();
        if (_resultPages is { } kept && ReferenceEquals(kept.Search, search) && kept.Issued == issued && kept.Reported == reported) return kept;
        var inheritedArms = search.Inheritance?.Outcomes.ToDictionary(o => o.Key, o => o.Arm) ?? [];
        var order = ResultKeys(Driver).Select(k => ResultPosition.Of(k, inheritedArms)).ToArray();
        Array.Sort(order);
        var verdicts = search.Verdicts();
        var ends = Array.ConvertAll(order, p => TrialEnd.Of(verdicts.TryGetValue(p.Key, out var verdict), verdict));
        return _resultPages = new ResultPages(search, issued, reported, order, inheritedArms, ends);
    }

    private static TrialParameter[]? ParametersOf(SweepSearch search, string key) =>
        search.Spec.Search.Parameters is not null && search.IsIssued(key) ? TrialParameter.Of(search.Request(key).Parameters) : null;

    /// <summary>The trials of this sweep's result (<see cref="SweepDriver.ResultKeys"/>).</summary>
    private static IReadOnlyList<string> ResultKeys(SweepDriver? driver) => driver?.ResultKeys() ?? [];

    private static string[] BestKeys(SweepSearch search) =>
        [.. search.BestByArm.Prepend(search.Best).OfType<TrialOutcome>().Select(o => o.Key).Distinct()];

    private static string VerdictName(Verdict verdict) => JsonSerializer.Serialize(verdict, SpecJson.Options).Trim('"');

    /// <summary>The stored smoothness, or the estimate (started now if need be); null when the data cannot be had.</summary>
    public Task<Smoothness?> SmoothnessAsync(SweepSpec spec)
    {
        if (state.State.SmoothnessJson is { } json) return Task.FromResult<Smoothness?>(SweepLog.Read<Smoothness>(json));
        return _smoothness ??= EstimateAsync(spec);
    }

    private async Task<Smoothness?> EstimateAsync(SweepSpec spec)
    {
        Smoothness smoothness;
        try
        {
            smoothness = await Task.Run(() => SweepTheory.Estimate(spec));
        }
        catch (Exception e)
        {
            // Data that no longer loads, or a model the estimate cannot handle: the result goes without theory.
            LogTheoryUnavailable(logger, sweepId, e.Message);
            _smoothness = null;
            return null;
        }
        state.State.SmoothnessJson = SweepLog.Write(smoothness);
        log.Changed();
        log.StoreLater();
        return smoothness;
    }

    /// <summary>The theory for <paramref name="outcomes"/>, pure and cheap once the smoothness is known.</summary>
    private static TheoryReport? TheoryOf(SweepSpec spec, Smoothness? smoothness, IEnumerable<TrialOutcome> outcomes) =>
        smoothness is null ? null : SweepTheory.Report(spec, smoothness, outcomes);
}
