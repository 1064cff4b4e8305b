using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Sweep state is stored in Orleans' binary format; state an earlier version stored must still read, as JSON and as
/// the coordinator's old unpaged log, and an old running sweep goes on.
/// </summary>
public sealed class StorageFormatTests(InMemorySilo silo) : IClassFixture<InMemorySilo>
{
    public static TheoryData<bool> Formats() => [false, true];

    [Fact]
    public void AStateStoredAsJsonByAnEarlierVersionStillReads()
    {
        var json = silo.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainStorageSerializer>();
        var stored = new TrialGrainState
        {
            Request = Specs.Short(), Phase = TrialPhase.Completed, Attempts = 2, Silo = "10.0.0.5:11111", ResultJson = """{"trialId":"t"}""",
        };
        var written = json.Serialize(stored);
        Assert.StartsWith("{", written.ToString(), StringComparison.Ordinal);

        var read = silo.Serializer.Deserialize<TrialGrainState>(written)!;

        Assert.Equal((stored.Request, stored.Phase, stored.Attempts, stored.Silo, stored.ResultJson), (read.Request, read.Phase, read.Attempts, read.Silo, read.ResultJson));
    }

    [Fact]
    public void TheCoordinatorsHeadIsWrittenInTheBinaryFormatAndReadsBack()
    {
        var head = new SweepCoordinatorState { SpecJson = "{}", Phase = SweepPhase.Running, SealedPages = 3, Tail = [.. EveryKindOfEntry()] };
        var written = silo.Serializer.Serialize(head);
        Assert.NotEqual((byte)'{', written.ToMemory().Span[0]);

        var read = silo.Serializer.Deserialize<SweepCoordinatorState>(written)!;

        Assert.Equal((head.SpecJson, head.Phase, head.SealedPages), (read.SpecJson, read.Phase, read.SealedPages));
        Assert.Equal(head.Tail, read.Tail);
    }

    [Fact]
    public void APageReadsBackEntryForEntry()
    {
        var page = new SweepLogPage { Index = 7, Entries = [.. EveryKindOfEntry()] };

        var read = silo.Serializer.Deserialize<SweepLogPage>(silo.Serializer.Serialize(page))!;

        Assert.Equal(7, read.Index);
        Assert.Equal(page.Entries, read.Entries);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void AnOldUnpagedHeadReadsAndMovesIntoTheLogEntryForEntry(bool json)
    {
        var head = Read(json ? LegacyStates.EveryFieldJson : LegacyStates.EveryFieldBinary, json);
        Assert.Equal((SweepPhase.Cancelled, "an error", 12.5), (head.Phase, head.Error, head.EarlierWallSeconds));
        Assert.Equal(new DateTime(2025, 6, 1, 12, 5, 0, DateTimeKind.Utc), head.EndedUtc);
        Assert.Equal("s-parent01", SweepLog.Read<SweepInheritance>(head.InheritanceJson!).ParentSweepId);
        Assert.Equal((3, 2, 1, 2), (head.Issued.Count, head.Finished.Count, head.RangeTests.Count, head.Rungs.Count));
        Assert.Equal((0, 0), (head.SealedPages, head.Tail.Count));

        Assert.True(SweepLegacyLog.MoveIntoTail(head));

        var replay = new SweepLogReplay();
        replay.Apply(head.Tail);
        Assert.Equal(
            [new("0/0/0", 0, 0, 1e-7, TrialPurpose.RangeTest), new("0/1/0", 0, 1, 0.02, TrialPurpose.Train), new TrialRequest("0/1/1", 0, 1, 0.04, TrialPurpose.Train)],
            replay.Issued);
        Assert.Equal(
            [new("0/1/0", 0, 1, 0.02, TrialStatus.Stopped, 0.75, 0.8, 0.9, 3, 2.5, Verdict.TooSmall, 0.125), TrialOutcome.Unfinished(new("0/1/1", 0, 1, 0.04, TrialPurpose.Train), TrialStatus.Cancelled)],
            replay.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal));
        Assert.Equal([new("0/1/0", 1, 1.5), new RungObservation("0/1/0", 3, double.NaN)], replay.Rungs.OrderBy(r => r.Epoch));
        var test = head.Tail.OfType<RangeTestReported>().Single().ToResult();
        Assert.Equal((2, 3e-3), (test.Curve.Count, test.Suggested));
        Assert.True(double.IsNaN(test.Curve[1].Loss));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task AnOldRunningSweepRestoresGoesOnToTheEndAndIsStoredInThePagedForm(bool json)
    {
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s-legacy"));
        var old = Read(json ? LegacyStates.ContinuingJson : LegacyStates.ContinuingBinary, json);
        Assert.Equal((3, 2), (old.Issued.Count, old.Finished.Count));
        await silo.Storage.WriteStateAsync(SweepLogStore.HeadStateName, sweep.GetGrainId(), new GrainState<SweepCoordinatorState>(old));

        await LegacySweeps.AssertItGoesOnAsync(sweep, silo.Recorder, silo.Storage, silo.Serializer);
    }

    /// <summary>A stored head of an old version, as the store's serializer reads it (JSON by the fallback it keeps for that).</summary>
    private SweepCoordinatorState Read(string stored, bool json) =>
        silo.Serializer.Deserialize<SweepCoordinatorState>(json ? BinaryData.FromString(stored) : BinaryData.FromBytes(Convert.FromBase64String(stored)))!;

    private static IEnumerable<SweepLogEntry> EveryKindOfEntry()
    {
        var request = new TrialRequest("1/2/3", 1, 2, 0.0125, TrialPurpose.Train);
        yield return RequestIssued.Of(request);
        yield return RequestIssued.Of(new TrialRequest("1/0/0", 1, 0, 1e-7, TrialPurpose.RangeTest));
        yield return new RungObserved("1/2/3", 3, double.NaN);
        yield return OutcomeReported.Of(new TrialOutcome("1/2/3", 1, 2, 0.0125, TrialStatus.Diverged, double.NaN, null, 0.25, 7, 2.5, Verdict.Oscillating, 1.5));
        yield return OutcomeReported.Of(TrialOutcome.Unfinished(request, TrialStatus.Cancelled));
        yield return RangeTestReported.Of("1/0/0", new LrFinderResult([new LrFinderPoint(0, 1e-7, 2.5, 2.5)], new LrSuggestions(1e-3, 1e-2, 3e-3), 3e-3, 0.75));
        yield return new OutcomeReopened("1/2/3");
    }
}
