using System.Text;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Trainers;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A trial is sent its resolved arm, never the spec: every kind of section crosses as itself (the Engine's records,
/// through Orleans surrogates), and a trial's stored state stays small however long the spec's lists are.
/// </summary>
public sealed class TrialStartTests(InMemorySilo silo, ITestOutputHelper output) : IClassFixture<InMemorySilo>
{
    private static readonly (DataSpec Data, ModelSpec Model, OptimizerSpec Optimizer, ScheduleSpec Schedule)[] Kinds =
    [
        (new MnistDataSpec(100, 50), new MlpModelSpec([8, 4], Activation.Tanh) { L2 = 0.5 }, new AdamSpec(0.8, Amsgrad: true) { WeightDecay = 0.1 },
            new CosineScheduleSpec(10, 0.001) { Unit = ScheduleUnit.Epoch, Warmup = new WarmupSpec(3, 0.5) }),
        (new IdxDataSpec("a.idx", "b.idx", TrainSize: 10), new SoftmaxModelSpec { L2 = 1 }, new RmsPropSpec(Centered: true), new StepScheduleSpec(4, 0.5)),
        (new CsvDataSpec("x.csv", new ColumnRef("y", null), Task: CsvTask.Regression), new LeastSquaresModelSpec(), new AdagradSpec(LrDecay: 0.1),
            new MultiStepScheduleSpec([2, 5], 0.3)),
        (new CsvDataSpec("x.csv", new ColumnRef(null, 2), Header: false), new LogisticModelSpec(), new AdamWSpec { WeightDecay = 0.01 }, new ExponentialScheduleSpec(0.9)),
        (new SyntheticDataSpec(SyntheticTask.Logistic, 300, 5, 0.2, 4, ValidationSize: 30), new LogisticModelSpec(), new AdadeltaSpec(0.8),
            new InverseTimeScheduleSpec(0.01)),
        (new NoDataSpec(), new QuadraticModelSpec(Eigenvalues: [1, 2], Linear: [1, 1], Start: [0, 3]), new SgdSpec(0.9, Nesterov: true), new CosineRestartsScheduleSpec(5, 2)),
        (new NoDataSpec(), new QuadraticModelSpec(Hessian: [[2, 0], [0, 3]]), new SgdSpec(), new CyclicScheduleSpec(0.001, 0.1, 3, Mode: CyclicMode.ExpRange, Gamma: 0.9)),
        (new NoDataSpec(), new QuadraticModelSpec(Eigenvalues: [1, 2]), new SgdSpec(), new OneCycleScheduleSpec(PctStart: 0.2, Anneal: AnnealStrategy.Linear)),
        (new NoDataSpec(), new QuadraticModelSpec(Eigenvalues: [1, 2]), new SgdSpec(), new ReduceOnPlateauScheduleSpec(0.5, 2, Metric: Metric.TrainLoss)),
        (new NoDataSpec(), new QuadraticModelSpec(Eigenvalues: [1, 2]), new SgdSpec(), new ArmijoScheduleSpec(0.001, MaxBacktracks: 5)),
        (new NoDataSpec(), new QuadraticModelSpec(Eigenvalues: [1, 2]), new SgdSpec(), new SmoothnessScheduleSpec(SmoothnessRule.InverseL)),
        (new NoDataSpec(), ProgramModelSpec.Instance, new SgdSpec(), new ConstantScheduleSpec()),
    ];

    public static TheoryData<int> KindIndexes() => [.. Enumerable.Range(0, Kinds.Length)];

    [Theory]
    [MemberData(nameof(KindIndexes))]
    public void EveryKindOfSectionIsStoredAsItselfAndReadsBack(int index)
    {
        var (data, model, optimizer, schedule) = Kinds[index];
        var training = new TrainingSpec(3, null, 7, 20, 2, 5);
        var spec = new SweepSpec("codec", data, model, optimizer, schedule, training, new NoSearchSpec());
        var start = TrialStart.Of("s-codec", spec, new TrialRequest("0/0/0", 0, 0, 0.02, TrialPurpose.Train));

        var read = RoundTrip(start);

        Assert.Equal(start, read);
        Assert.Equal(data.GetType(), read.Data.GetType());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(schedule, SpecJson.Options), System.Text.Json.JsonSerializer.Serialize(read.Schedule, SpecJson.Options));
        Assert.Equal(training, read.Training);
        Assert.Same(ProgramModelSpec.Instance, RoundTrip(start with { Model = ProgramModelSpec.Instance }).Model);
        Assert.Equal(0.02, read.Optimizer.LearningRate);
        Assert.Equal(optimizer.WeightDecay, read.Optimizer.WeightDecay);
        Assert.Equal(model.L2, read.Model.L2);
    }

    [Fact]
    public void ACommandTrainersSectionsReadBack()
    {
        var spec = new SweepSpec("codec", new NoDataSpec(), ProgramModelSpec.Instance, new SgdSpec(), new ConstantScheduleSpec(), new TrainingSpec(), new NoSearchSpec())
        {
            Trainer = new TrainerSpec(Command: ["python3", "train.py"], Args: ["--x"], WorkingDirectory: "/tmp", Env: new Dictionary<string, string> { ["A"] = "1" },
                Metrics: new TrainerMetricsSpec(TrainerMetricsFormat.Regex, "loss=(?<trainLoss>\\S+)"), TimeoutSeconds: 30, Mode: TrainerMode.Worker),
        };
        var start = TrialStart.Of("s-codec", spec, new TrialRequest("0/0/0", 0, 0, 0.02, TrialPurpose.Train))
            with { ArmTrainer = new ArmTrainerSpec(["--y"], new Dictionary<string, string> { ["B"] = "2" }) };

        var read = RoundTrip(start);

        Assert.Equal(start, read);
        Assert.Equal(TrainerMode.Worker, read.Trainer!.Mode);
        Assert.Equal("2", read.ArmTrainer!.Env!["B"]);
    }

    [Fact]
    public async Task ATrialsStoredStateHoldsItsArmNotItsSweepsSpec()
    {
        // Ten thousand rates: the spec's JSON is over a hundred KB; the trials run one at a time and the sweep is cancelled
        // once the first has stored its start.
        var rates = string.Join(",", Enumerable.Range(1, 10_000).Select(i => (i * 1e-4).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var spec = """{"name":"long-list","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10]},"optimizer":{"kind":"sgd"},"training":{"epochs":1000},"search":{"kind":"grid","metric":"trainLoss","concurrency":1,"learningRates":["""
            + rates + "]}}";
        var id = Specs.NewId("s-size");
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(id);
        await sweep.Submit(spec);
        var trial = silo.Client.GetGrain<ITrialGrain>($"{id}/0/0/0");
        await Eventually.HoldsAsync(async () => (await trial.GetStatus()).Phase != TrialPhase.Pending, TimeSpan.FromSeconds(30), "the first trial started");
        await sweep.Cancel();

        var stored = await silo.ReadStateAsync<TrialGrainState>(trial, "trial");
        var trialBytes = silo.Serializer.Serialize(stored).ToArray().Length;
        var coordinatorBytes = silo.Serializer.Serialize(await silo.ReadStateAsync<SweepCoordinatorState>(sweep, SweepLogStore.HeadStateName)).ToArray().Length;
        output.WriteLine($"spec {Encoding.UTF8.GetByteCount(spec)} B; coordinator head {coordinatorBytes} B; trial state {trialBytes} B");

        Assert.Equal(1e-4, stored.Request!.LearningRate);
        Assert.True(Encoding.UTF8.GetByteCount(spec) > 100_000);
        Assert.True(trialBytes < 2_000, $"the trial's state is {trialBytes} bytes");
    }

    private TrialStart RoundTrip(TrialStart start)
    {
        var state = new TrialGrainState { Request = start, Phase = TrialPhase.Running, Attempts = 1 };
        return silo.Serializer.Deserialize<TrialGrainState>(silo.Serializer.Serialize(state))!.Request!;
    }
}
