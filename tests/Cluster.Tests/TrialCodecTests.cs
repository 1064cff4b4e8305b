using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;
using SweepCluster.Grains.Results;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A finished Trial crosses grains as itself, through Orleans' serializer and the surrogates of the Engine's records:
/// every field comes back, and the message is smaller than the Trial JSON it replaced.
/// </summary>
public sealed class TrialCodecTests(ITestOutputHelper output)
{
    private static readonly Serializer Wire = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(TrialResult).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>();

    /// <summary>A Trial with every field set: both kinds of parameter, a verdict, a history, losses that are not finite.</summary>
    private static Trial Full() => new(
        "s-codec/1/2/3", 1, 2, 0.125, new AdamSpec(0.8, Amsgrad: true) { LearningRate = 0.125, WeightDecay = 0.01 },
        new CosineScheduleSpec(10, 0.001) { Unit = ScheduleUnit.Epoch, Warmup = new WarmupSpec(3, 0.5) },
        TrialStatus.Diverged, "the loss ran off: \"NaN\"", 3, 42, double.NaN, double.PositiveInfinity, 0.25, "10.0.0.5:11111", 2, 1.5,
        Verdict.Oscillating,
        new TrialHistory(
            [new StepPoint(0, 0, 0.0625, 2.5), new StepPoint(20, 1, 0.125, double.NegativeInfinity), new StepPoint(41, 2, 0.125, double.NaN)],
            [new EpochPoint(0, 2.25, 2.0, 0.5), new EpochPoint(1, 1e300, null, null), new EpochPoint(2, double.NaN, double.NaN, null)]))
    {
        InitialLoss = 2.5,
        Parameters = new Dictionary<string, ParameterValue>
        {
            ["optimizer.kind"] = ParameterValue.Of("adam"),
            ["learningRate"] = ParameterValue.Of(0.125),
            ["training.batchSize"] = ParameterValue.Of(32),
        },
        HistoryUnavailable = "its history was kept elsewhere",
    };

    [Fact]
    public void AFullTrialComesBackEqual()
    {
        var trial = Full();

        var read = RoundTrip(trial);

        Assert.Equal(Json(trial), Json(read));
        Assert.Equal(["optimizer.kind", "learningRate", "training.batchSize"], read.Parameters!.Keys);
        Assert.Equal(trial.History!.Steps, read.History!.Steps);
        Assert.Equal(trial.History.Epochs, read.History.Epochs);
        Assert.Equal((2.5, "its history was kept elsewhere"), (read.InitialLoss, read.HistoryUnavailable));
        Assert.True(double.IsNaN(read.TrainLoss!.Value));
        Assert.Equal(trial.Optimizer, read.Optimizer);
    }

    [Fact]
    public void ATrialWithNullFieldsComesBackWithThem()
    {
        var trial = Full() with
        {
            Error = null, TrainLoss = null, ValidationLoss = null, ValidationAccuracy = null, Silo = null, Verdict = null, History = null,
            InitialLoss = null, Parameters = null, HistoryUnavailable = null,
        };

        var read = RoundTrip(trial);

        Assert.Equal(Json(trial), Json(read));
        Assert.Equal((null, null, null, null), (read.History, read.Parameters, read.Verdict, read.InitialLoss));
    }

    [Fact]
    public void AResultCarriesItsTrialAndAnEmptyHistoryStaysEmpty()
    {
        var trial = Full() with { History = new TrialHistory([], []), Status = TrialStatus.Completed };
        var result = TrialResult.Of(trial);

        var read = RoundTrip(result);

        Assert.Equal((result.TrialId, result.Phase, result.Attempts, result.Silo), (read.TrialId, read.Phase, read.Attempts, read.Silo));
        Assert.Equal(Json(trial), Json(read.Trial));
        Assert.Empty(read.Trial.History!.Steps);
    }

    [Fact]
    public void TheEnginesEnumsAndValuesCrossOnTheirOwn()
    {
        Assert.All(Enum.GetValues<TrialStatus>(), s => Assert.Equal(s, RoundTrip(s)));
        Assert.All(Enum.GetValues<Verdict>(), v => Assert.Equal(v, RoundTrip(v)));
        Assert.Equal(ParameterValue.Of("sgd"), RoundTrip(ParameterValue.Of("sgd")));
        Assert.Equal(ParameterValue.Of(0.9), RoundTrip(ParameterValue.Of(0.9)));
        Assert.Equal(new StepPoint(3, 1, 0.5, 2.0), RoundTrip(new StepPoint(3, 1, 0.5, 2.0)));
    }

    [Fact]
    public void AnOutcomeComesBackEqualWithEveryFieldSet()
    {
        var outcome = new TrialOutcome("1/2/3", 1, 2, 0.0125, TrialStatus.Diverged, double.NaN, double.PositiveInfinity, 0.25, 7, 2.5,
            Verdict.Oscillating, 1.5);

        var read = RoundTrip(outcome);

        Assert.Equal(outcome, read);
        Assert.True(double.IsNaN(read.TrainLoss!.Value));
        Assert.Equal((double.PositiveInfinity, Verdict.Oscillating), (read.ValidationLoss, read.Verdict));
    }

    [Fact]
    public void AnOutcomeWithNullFiguresComesBackWithThem()
    {
        var outcome = TrialOutcome.Unfinished(new TrialRequest("0/0/0", 0, 0, 1e-7, TrialPurpose.RangeTest), TrialStatus.Failed, 0.5);

        var read = RoundTrip(outcome);

        Assert.Equal(outcome, read);
        Assert.Equal((null, null, null, null, null), (read.TrainLoss, read.ValidationLoss, read.ValidationAccuracy, read.InitialLoss, read.Verdict));
    }

    [Fact]
    public void ATrialsEndAndItsLogEntryCarryTheOutcome()
    {
        var outcome = new TrialOutcome("0/1/4", 0, 1, 0.5, TrialStatus.Completed, 0.5, 0.625, 0.875, 10, 2.25, Verdict.Good, 3);

        Assert.Equal(new TrialEnd(outcome, "10.0.0.5:11111"), RoundTrip(new TrialEnd(outcome, "10.0.0.5:11111")));
        Assert.Equal(new TrialEnd(outcome, null), RoundTrip(new TrialEnd(outcome, null)));
        var entry = RoundTrip<SweepLogEntry>(new OutcomeReported(outcome));
        Assert.Equal(new OutcomeReported(outcome), entry);
        Assert.Equal("0/1/4", entry.Key);
    }

    [Fact]
    public void ARefinementCarriesItsInheritance()
    {
        var outcomes = new[]
        {
            new TrialOutcome("s-p/0/0/1", 0, 0, 0.01, TrialStatus.Completed, 0.5, 0.6, 0.9, 3, 2.3, Verdict.Good, 1.25),
            new TrialOutcome("s-p/0/0/2", 0, 0, 10, TrialStatus.Diverged, double.PositiveInfinity, null, null, 1, null, null, 0.5),
        };
        var refinement = new SweepRefinement("""{"name":"p"}""", new SweepInheritance("s-p", 2, 5, outcomes));

        var read = RoundTrip(refinement);

        Assert.Equal(refinement.SpecJson, read.SpecJson);
        Assert.Equal((refinement.Inheritance.ParentSweepId, 2, 5), (read.Inheritance.ParentSweepId, read.Inheritance.Refinements, read.Inheritance.PointsPerRefinement));
        Assert.Equal(outcomes, read.Inheritance.Outcomes);
    }

    [Fact]
    public void AResultIsSmallerOnTheWireThanItsTrialJson()
    {
        var plan = TrialPlans.Create(Infrastructure.Specs.Start("s-bytes", Infrastructure.Specs.Quadratic(30), 0.01));
        var trial = Trainer.Run(plan, cancel: TestContext.Current.CancellationToken) with { TrialId = "s-bytes/0/0/0", Silo = "10.0.0.5:11111", Attempts = 1 };
        Assert.Equal(30, trial.History!.Steps.Count);
        var result = TrialResult.Of(trial);

        // What crossed before: the same figures with the Trial as JSON text.
        var before = Wire.SerializeToArray((result.TrialId, result.Phase, result.Attempts, result.Silo, TrialJson.Write(trial))).Length;
        var after = Wire.SerializeToArray(result).Length;

        output.WriteLine($"a 30-step quadratic trial's result: {before:N0} B as JSON text, {after:N0} B as itself");
        Assert.True(after < before, $"the result as itself takes {after:N0} B, as JSON text {before:N0} B");
        Assert.Equal(Json(trial), Json(RoundTrip(result).Trial));
    }

    private static T RoundTrip<T>(T value) => Wire.Deserialize<T>(Wire.SerializeToArray(value))!;

    private static string Json(Trial trial) => JsonSerializer.Serialize(trial, SpecJson.Options);
}
