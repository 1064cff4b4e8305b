using System.Globalization;
using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Theory;
using SweepCluster.Grains.Trials;
using static SweepCluster.Grains.Sweeps.SweepCoordinatorLog;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// The Sweep result: whole in one message (<see cref="GetResult"/>), or in pieces that a reader puts together
/// (<see cref="GetResultHeader"/>, <see cref="GetResultPage"/>, then each trial from its grain). The histories of a
/// large sweep together are over Orleans' message size limit; read in pieces, the largest message is a page of keys
/// or one trial, and this activation is never busy for long.
/// </summary>
/// <remarks>
/// The header and the pages interleave with every other call, so they read the search only between awaits: each
/// reads what it needs in one synchronous stretch, and what runs off this turn (theory, serializing) works on
/// copies. A decision that lands between two pages shows in the later one (a verdict judged again, a trial
/// finished), as it would in a result read a moment later. The result's theory is the first arm's smoothness, estimated
/// once from the data off this activation's turn and stored with the sweep, and the divergence edge of the stored
/// outcomes: a sweep whose data is gone since keeps its theory; one whose data went before the estimate has none.
/// </remarks>
public sealed partial class SweepCoordinatorGrain
{
    // How often the header fetches the best trials again when a decision changed them meanwhile.
    private const int HeaderAttempts = 3;

    public async Task<SweepReport> GetResult(bool includeHistories)
    {
        if (_spec is not { } spec || CurrentSearch is not { } search) throw new InvalidOperationException(NotRestored());
        var smoothness = await SmoothnessAsync(spec);
        var keys = ResultKeys(_driver);
        var results = await Task.WhenAll(keys.Select(k => includeHistories ? Trial(k).GetResult() : Trial(k).GetResultWithoutHistory()));
        var phase = state.State.Phase;
        var wall = state.State.WallSeconds(DateTime.UtcNow);
        // The JSON may be large: off this activation's turn. No other turn that changes the search runs meanwhile (this
        // method does not interleave), so the search is not changed under it.
        var json = await Task.Run(() =>
        {
            var trials = results.OfType<TrialResult>().Select(r => r.ToTrial());
            var theory = TheoryOf(spec, smoothness, search.Outcomes);
            var result = SweepResultBuilder.Build(Id, search, trials.ToArray(), phase.ToStatus(), theory, wall);
            return JsonSerializer.Serialize(result, SpecJson.Options);
        });
        return new SweepReport(Id, phase, json);
    }

    public async Task<SweepResultHeader> GetResultHeader()
    {
        if (_spec is null) throw new InvalidOperationException(NotRestored());
        var smoothness = await SmoothnessAsync(_spec);
        for (var attempt = 1; ; attempt++)
        {
            if (_spec is not { } spec || CurrentSearch is not { } search) throw new InvalidOperationException(NotRestored());
            // The best trials' own rates (the smoothness rule fixes its own) are all the header needs of the trials.
            var bestKeys = BestKeys(search);
            var bests = await Task.WhenAll(bestKeys.Select(k => Trial(k).GetResultWithoutHistory()));
            // Other turns ran during that await: a retry may have restored a new search, a report found a new best
            // (whose rate would then be the search's, not its trial's).
            if (attempt < HeaderAttempts && (!ReferenceEquals(search, CurrentSearch) || !bestKeys.SequenceEqual(BestKeys(search)))) continue;
            var phase = state.State.Phase;
            var wall = state.State.WallSeconds(DateTime.UtcNow);
            var trials = bests.OfType<TrialResult>().Select(r => r.ToTrial()).ToArray();
            var result = SweepResultBuilder.Build(Id, search, trials, phase.ToStatus(), null, wall) with { Trials = [] };
            var outcomes = search.Outcomes;
            var count = ResultKeys(_driver).Count;
            // Off this turn, as GetResult does, on copies: the result's parts are immutable and the outcomes a new list.
            var json = await Task.Run(() => JsonSerializer.Serialize(result with { Theory = TheoryOf(spec, smoothness, outcomes) }, SpecJson.Options));
            return new SweepResultHeader(Id, phase, json, count);
        }
    }

    public Task<SweepResultPage> GetResultPage(string? after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (CurrentSearch is not { } search) throw new InvalidOperationException(NotRestored());
        var pages = ResultOrder(search);
        var start = 0;
        if (after is not null)
        {
            start = Array.BinarySearch(pages.Order, ResultPosition.Of(after, pages.InheritedArms));
            start = start < 0 ? ~start : start + 1;
        }
        var keys = pages.Order.Skip(start).Take(count).Select(p => p.Key);
        var verdicts = pages.Verdicts;
        return Task.FromResult(new SweepResultPage([.. keys.Select(k => verdicts.TryGetValue(k, out var verdict)
            ? new SweepResultEntry(k, true, verdict is { } v ? VerdictName(v) : null, ParametersOf(search, k))
            : new SweepResultEntry(k, false, null, ParametersOf(search, k)))]));
    }

    // The result's keys in their order and their verdicts, as of the last page read: a reader pages through the whole
    // result, and working them out again for every page would make reading a sweep quadratic in its size.
    private ResultPages? _resultPages;

    private sealed record ResultPages(
        SweepSearch Search, int Issued, int Reported, ResultPosition[] Order, IReadOnlyDictionary<string, int> InheritedArms,
        IReadOnlyDictionary<string, Verdict?> Verdicts);

    /// <summary>The result's order and verdicts of <paramref name="search"/> now: the last ones when nothing was issued or reported since.</summary>
    private ResultPages ResultOrder(SweepSearch search)
    {
        var issued = search.Issued.Count;
        var reported = search.CountByStatus().Values.Sum();
        if (_resultPages is { } kept && ReferenceEquals(kept.Search, search) && kept.Issued == issued && kept.Reported == reported) return kept;
        var inheritedArms = search.Inheritance?.Outcomes.ToDictionary(o => o.Key, o => o.Arm) ?? [];
        var order = ResultKeys(_driver).Select(k => ResultPosition.Of(k, inheritedArms)).ToArray();
        Array.Sort(order);
        return _resultPages = new ResultPages(search, issued, reported, order, inheritedArms, search.Verdicts());
    }

    private static Trials.TrialParameter[]? ParametersOf(SweepSearch search, string key) =>
        search.Spec.Search.Parameters is not null && search.IsIssued(key) ? Trials.TrialParameter.Of(search.Request(key).Parameters) : null;

    /// <summary>The trials of this sweep's result (<see cref="Engine.Search.Driver.SweepDriver.ResultKeys"/>).</summary>
    private static IReadOnlyList<string> ResultKeys(Engine.Search.Driver.SweepDriver? driver) => driver?.ResultKeys() ?? [];

    private static string[] BestKeys(SweepSearch search) =>
        [.. search.BestByArm.Prepend(search.Best).OfType<TrialOutcome>().Select(o => o.Key).Distinct()];

    private static string VerdictName(Verdict verdict) => JsonSerializer.Serialize(verdict, SpecJson.Options).Trim('"');

    /// <summary>
    /// Where a trial stands in the Sweep result, from its key alone: by arm, stage (an inherited trial is stage 0),
    /// index, then key, as <see cref="SweepResultBuilder"/> orders the trials it is given. A trial's arm and stage are
    /// its request's, which its key spells ("{arm}/{stage}/{index}"); an inherited trial's arm is its outcome's.
    /// </summary>
    private readonly record struct ResultPosition(int Arm, int Stage, int Index, string Key) : IComparable<ResultPosition>
    {
        public static ResultPosition Of(string key, IReadOnlyDictionary<string, int> inheritedArms)
        {
            var index = Number(key[(key.LastIndexOf('/') + 1)..]);
            if (SweepInheritance.IsInherited(key)) return new(inheritedArms.GetValueOrDefault(key), 0, index, key);
            var parts = key.Split('/');
            return new(Number(parts[0]), Number(parts[1]), index, key);
        }

        public int CompareTo(ResultPosition other)
        {
            var c = Arm.CompareTo(other.Arm);
            if (c == 0) c = Stage.CompareTo(other.Stage);
            if (c == 0) c = Index.CompareTo(other.Index);
            return c != 0 ? c : string.CompareOrdinal(Key, other.Key);
        }

        private static int Number(string text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
    }

    // The estimate in progress, or done by this activation; null before it starts, or after it failed (a later read tries again).
    private Task<Smoothness?>? _smoothness;

    /// <summary>The stored smoothness, or the estimate (started now if need be); null when the data cannot be had.</summary>
    private Task<Smoothness?> SmoothnessAsync(SweepSpec spec)
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
            LogTheoryUnavailable(logger, Id, e.Message);
            _smoothness = null;
            return null;
        }
        state.State.SmoothnessJson = SweepLog.Write(smoothness);
        Log.Changed();
        Log.StoreLater();
        return smoothness;
    }

    /// <summary>The theory for <paramref name="outcomes"/>, pure and cheap once the smoothness is known.</summary>
    private static TheoryReport? TheoryOf(SweepSpec spec, Smoothness? smoothness, IEnumerable<TrialOutcome> outcomes) =>
        smoothness is null ? null : SweepTheory.Report(spec, smoothness, outcomes);
}
