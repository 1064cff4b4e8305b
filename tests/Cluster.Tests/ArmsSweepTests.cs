using System.Text.Json.Nodes;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Results;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A sweep with two arms, SGD and Adam, on three silos: each arm gets its own coarse-to-fine search over η, and each
/// arm's best is what the local runner finds for that arm swept alone. Adam's best η is well below SGD's.
/// </summary>
public sealed class ArmsSweepTests(ThreeSiloCluster fixture, ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    // Softmax on 2000 real MNIST digits, two epochs; 1e-4 to 10, then two refinements of 5 points: 14 runs an arm.
    private const string Spec =
        """{"name":"arms","data":{"source":"mnist","trainSize":2000,"validationSize":1000},"model":{"kind":"softmax"},"optimizer":{"kind":"sgd"},"training":{"epochs":2,"batchSize":64,"seed":1},"search":{"kind":"coarse-to-fine","min":0.0001,"max":10,"pointsPerDecade":1,"refinements":2,"pointsPerRefinement":5,"metric":"validationLoss","arms":[{"name":"sgd","optimizer":{"kind":"sgd"}},{"name":"adam","optimizer":{"kind":"adam"}}]}}""";

    [Fact]
    public async Task EachArmGetsTheBestEtaOfItsOwnSearch()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sweep = fixture.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s"));
        await sweep.Submit(Spec);
        var result = await SweepResults.EndAsync(sweep, Patience);
        output.WriteLine($"sweep {result.Status} in {clock.Elapsed.TotalSeconds:0.0} s, {result.Trials.Count} runs");
        var alone = new[] { ArmAlone(0), ArmAlone(1) };
        for (var arm = 0; arm < 2; arm++)
        {
            var b = result.BestByArm[arm];
            output.WriteLine($"arm {arm}: best η {b?.LearningRate:G4} (validationLoss {b?.ValidationLoss:G5}); swept alone by the local runner: {alone[arm].Best?.LearningRate:G4}");
        }

        Assert.Equal(SweepStatus.Completed, result.Status);
        Assert.Equal(2, result.BestByArm.Count);
        Assert.All(result.BestByArm, b => Assert.NotNull(b));
        Assert.Equal([0, 1], result.BestByArm.Select(b => b!.Arm));
        for (var arm = 0; arm < 2; arm++)
        {
            Assert.Equal(alone[arm].Trials.Count, result.Trials.Count(t => t.Arm == arm));
            Assert.Equal(alone[arm].Best!.LearningRate, result.BestByArm[arm]!.LearningRate);
        }
        // The known gap between the two: Adam's step is normalised per coordinate, SGD's is not. At least tenfold.
        Assert.True(result.BestByArm[1]!.LearningRate * 10 <= result.BestByArm[0]!.LearningRate,
            $"adam's best η {result.BestByArm[1]!.LearningRate} is not well below sgd's {result.BestByArm[0]!.LearningRate}");
        Assert.Contains(result.Best, result.BestByArm);
    }

    /// <summary>The spec with arm <paramref name="arm"/>'s optimizer and no arms, swept by the local runner.</summary>
    private static SweepResult ArmAlone(int arm)
    {
        var spec = JsonNode.Parse(Spec)!.AsObject();
        var search = spec["search"]!.AsObject();
        spec["optimizer"] = search["arms"]![arm]!["optimizer"]!.DeepClone();
        search.Remove("arms");
        return SweepResults.Reference(spec.ToJsonString());
    }
}
