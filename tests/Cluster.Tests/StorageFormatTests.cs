using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Sweep state is stored in Orleans' binary format, and reads back entry for entry.
/// </summary>
public sealed class StorageFormatTests(InMemorySilo silo) : IClassFixture<InMemorySilo>
{
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

    private static IEnumerable<SweepLogEntry> EveryKindOfEntry()
    {
        var request = new TrialRequest("1/2/3", 1, 2, 0.0125, TrialPurpose.Train);
        yield return RequestIssued.Of(request);
        yield return RequestIssued.Of(new TrialRequest("1/0/0", 1, 0, 1e-7, TrialPurpose.RangeTest));
        yield return new RungObserved("1/2/3", 3, double.NaN);
        yield return new OutcomeReported(new TrialOutcome("1/2/3", 1, 2, 0.0125, TrialStatus.Diverged, double.NaN, null, 0.25, 7, 2.5, Verdict.Oscillating, 1.5));
        yield return new OutcomeReported(TrialOutcome.Unfinished(request, TrialStatus.Cancelled));
        yield return RangeTestReported.Of("1/0/0", new LrFinderResult([new LrFinderPoint(0, 1e-7, 2.5, 2.5)], new LrSuggestions(1e-3, 1e-2, 3e-3), 3e-3, 0.75));
        yield return new OutcomeReopened("1/2/3");
    }
}
