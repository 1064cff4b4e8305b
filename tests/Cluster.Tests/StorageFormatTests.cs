using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>Sweep state is stored in Orleans' binary format; state an earlier version stored as JSON must still read.</summary>
public sealed class StorageFormatTests(InMemorySilo silo) : IClassFixture<InMemorySilo>
{
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
    public void TheCoordinatorsLogIsWrittenInTheBinaryFormatAndReadsBack()
    {
        var log = new SweepCoordinatorState { SpecJson = "{}", Phase = SweepPhase.Running, Issued = { ["0/0/0"] = "{\"key\":\"0/0/0\"}" } };
        var written = silo.Serializer.Serialize(log);
        Assert.NotEqual((byte)'{', written.ToMemory().Span[0]);

        var read = silo.Serializer.Deserialize<SweepCoordinatorState>(written)!;

        Assert.Equal((log.SpecJson, log.Phase), (read.SpecJson, read.Phase));
        Assert.Equal(log.Issued, read.Issued);
    }
}
