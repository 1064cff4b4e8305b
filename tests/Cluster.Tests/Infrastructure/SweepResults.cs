using System.Collections.Concurrent;
using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>Sweep results as the cluster writes them, and the in-process reference runner's for the same spec.</summary>
public static class SweepResults
{
    private static readonly ConcurrentDictionary<string, Lazy<SweepResult>> References = new();

    /// <summary>
    /// Waits until <paramref name="sweep"/> has ended and reads its result, histories left out. Each poll is bounded: a
    /// call to a grain whose silo was just killed waits for the response timeout (30 s).
    /// </summary>
    public static async Task<SweepResult> EndAsync(ISweepCoordinatorGrain sweep, TimeSpan patience)
    {
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus().WaitAsync(TimeSpan.FromSeconds(5))).Status.IsTerminal(),
            patience, "the sweep ended", every: TimeSpan.FromMilliseconds(250));
        return Read(await sweep.GetResult(includeHistories: false));
    }

    /// <summary>The Sweep result JSON (docs/results.md) read back.</summary>
    public static SweepResult Read(SweepReport report) =>
        JsonSerializer.Deserialize<SweepResult>(report.Json, SpecJson.Options) ?? throw new InvalidDataException("the sweep result is the JSON null");

    /// <summary>
    /// What <see cref="LocalSweepRunner"/> finds for <paramref name="spec"/>, computed once per test run: without ASHA the
    /// search is deterministic, so an undisturbed run is the reference for any cluster run of the same spec.
    /// </summary>
    public static SweepResult Reference(string spec) =>
        References.GetOrAdd(spec, s => new Lazy<SweepResult>(() => new LocalSweepRunner(2).Run(SpecParser.Parse(s), "local"))).Value;

    /// <summary>
    /// The cluster ran the same search as the reference: the same trials (by id and η), each exactly once, completed
    /// with the reference's losses (training is deterministic, so a run restarted after a silo loss ends exactly as an
    /// undisturbed one), and the same best η.
    /// </summary>
    public static void AssertSameSearch(SweepResult reference, SweepResult actual)
    {
        var ids = actual.Trials.Select(t => t.TrialId).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(
            reference.Trials.Select(t => Outcome(t, Local(t.TrialId, actual.SweepId))).OrderBy(t => t.Id, StringComparer.Ordinal),
            actual.Trials.Select(t => Outcome(t, t.TrialId)).OrderBy(t => t.Id, StringComparer.Ordinal));
        Assert.All(actual.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(SweepStatus.Completed, actual.Status);
        Assert.Equal(reference.Best!.LearningRate, actual.Best!.LearningRate);
    }

    /// <summary>
    /// Writes <paramref name="result"/>'s trials and asserts it is the undisturbed search of <paramref name="spec"/>
    /// (<see cref="AssertSameSearch"/> against the local runner's).
    /// </summary>
    public static void AssertUndisturbed(string spec, SweepResult result, ITestOutputHelper output)
    {
        foreach (var t in result.Trials.OrderBy(t => t.TrialId, StringComparer.Ordinal))
            output.WriteLine($"{t.TrialId}: η {t.LearningRate:G4} {t.Status} on {t.Silo}, attempts {t.Attempts}, validationLoss {t.ValidationLoss:G5}");
        var reference = Reference(spec);
        output.WriteLine($"best η {result.Best?.LearningRate}, undisturbed (local runner) {reference.Best?.LearningRate}");
        AssertSameSearch(reference, result);
    }

    /// <summary>The runs in <paramref name="orphans"/>, training on a silo when it was killed, were run again elsewhere.</summary>
    public static void AssertRestartedElsewhere(SweepResult result, IReadOnlySet<string> orphans, IReadOnlyCollection<string> killedSilos)
    {
        Assert.NotEmpty(orphans);
        Assert.All(result.Trials.Where(t => orphans.Contains(t.TrialId)), t =>
        {
            Assert.True(t.Attempts >= 2, $"{t.TrialId}: attempts {t.Attempts}");
            Assert.DoesNotContain(t.Silo, killedSilos);
        });
    }

    private static (string Id, double LearningRate, TrialStatus Status, double? TrainLoss, double? ValidationLoss) Outcome(Trial t, string id) =>
        (id, t.LearningRate, t.Status, t.TrainLoss, t.ValidationLoss);

    private static string Local(string trialId, string sweepId) => sweepId + trialId["local".Length..];
}
