using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>Every kind of every section, with each of its fields given, reads into its record.</summary>
public sealed class SectionKindsTests
{
    [Fact]
    public void EveryOptimizerKindReadsEveryField()
    {
        Assert.Equal(new SgdSpec(0.9, 0, true) { LearningRate = 0.5, WeightDecay = 1e-4 },
            Optimizer("""{ "kind": "sgd", "learningRate": 0.5, "momentum": 0.9, "dampening": 0, "nesterov": true, "weightDecay": 1e-4 }"""));
        Assert.Equal(new AdagradSpec(1e-8, 0.1, 0.01) { LearningRate = 0.5, WeightDecay = 0.1 },
            Optimizer("""{ "kind": "adagrad", "learningRate": 0.5, "eps": 1e-8, "initialAccumulator": 0.1, "lrDecay": 0.01, "weightDecay": 0.1 }"""));
        Assert.Equal(new RmsPropSpec(0.9, 1e-6, 0.5, true) { LearningRate = 0.5 },
            Optimizer("""{ "kind": "rmsprop", "learningRate": 0.5, "alpha": 0.9, "eps": 1e-6, "momentum": 0.5, "centered": true }"""));
        Assert.Equal(new AdamSpec(0.8, 0.99, 1e-7, true) { LearningRate = 0.5 },
            Optimizer("""{ "kind": "adam", "learningRate": 0.5, "beta1": 0.8, "beta2": 0.99, "eps": 1e-7, "amsgrad": true }"""));
        Assert.Equal(new AdamWSpec(0, 0, 0, false) { LearningRate = 0.5, WeightDecay = 0 },
            Optimizer("""{ "kind": "adamw", "learningRate": 0.5, "beta1": 0, "beta2": 0, "eps": 0, "weightDecay": 0 }"""));
        Assert.Equal(new AdadeltaSpec(1, 0) { LearningRate = 2 },
            Optimizer("""{ "kind": "adadelta", "learningRate": 2, "rho": 1, "eps": 0 }"""));
    }

    [Fact]
    public void EveryScheduleKindReadsEveryField()
    {
        Assert.Equal(new ConstantScheduleSpec { Unit = ScheduleUnit.Epoch, Warmup = new WarmupSpec(3, 1) },
            Schedule("""{ "kind": "constant", "unit": "epoch", "warmup": { "steps": 3, "startFactor": 1 } }"""));
        Assert.Equal(new StepScheduleSpec(7, 0.5), Schedule("""{ "kind": "step", "stepSize": 7, "gamma": 0.5 }"""));
        Assert.Equal(new ExponentialScheduleSpec(0.99), Schedule("""{ "kind": "exponential", "gamma": 0.99 }"""));
        Assert.Equal(new InverseTimeScheduleSpec(0.01), Schedule("""{ "kind": "inverse-time", "decay": 0.01 }"""));
        Assert.Equal(new CosineScheduleSpec(100, 1e-5), Schedule("""{ "kind": "cosine", "tMax": 100, "etaMin": 1e-5 }"""));
        Assert.Equal(new CosineRestartsScheduleSpec(10, 2, 1e-4), Schedule("""{ "kind": "cosine-restarts", "t0": 10, "tMult": 2, "etaMin": 1e-4 }"""));
        Assert.Equal(new CyclicScheduleSpec(0.001, 0.1, 50, 30, CyclicMode.ExpRange, 0.99),
            Schedule("""{ "kind": "cyclic", "baseLr": 0.001, "maxLr": 0.1, "stepSizeUp": 50, "stepSizeDown": 30, "mode": "exp_range", "gamma": 0.99 }"""));
        Assert.Equal(new OneCycleScheduleSpec(0.5, 1000, 0.25, AnnealStrategy.Linear, 10, 100),
            Schedule("""{ "kind": "one-cycle", "maxLr": 0.5, "totalSteps": 1000, "pctStart": 0.25, "anneal": "linear", "divFactor": 10, "finalDivFactor": 100 }"""));
        Assert.Equal(new ReduceOnPlateauScheduleSpec(0.5, 2, 0, Metric.TrainLoss),
            Schedule("""{ "kind": "reduce-on-plateau", "factor": 0.5, "patience": 2, "threshold": 0, "metric": "trainLoss" }"""));
        Assert.Equal(new ArmijoScheduleSpec(0.1, 0.8, 5, 1), Schedule("""{ "kind": "armijo", "c": 0.1, "shrink": 0.8, "maxBacktracks": 5, "grow": 1 }"""));
        Assert.Equal(new SmoothnessScheduleSpec(SmoothnessRule.TwoOverLPlusMu), Schedule("""{ "kind": "smoothness", "rule": "2/(L+mu)" }"""));
    }

    [Fact]
    public void AMultistepScheduleKeepsItsMilestones() =>
        Assert.Equal([0, 3, 9], Assert.IsType<MultiStepScheduleSpec>(Schedule("""{ "kind": "multistep", "milestones": [0, 3, 9], "gamma": 0.5 }""")).Milestones);

    [Theory]
    [InlineData("quadratic")]
    [InlineData("least-squares")]
    [InlineData("logistic")]
    [InlineData("softmax")]
    [InlineData("mlp")]
    public void TheSmoothnessScheduleGoesWithEveryModel(string model)
    {
        var spec = model == "quadratic" ? Specs.Quadratic() : Specs.Softmax().With("model", $$"""{ "kind": "{{model}}" }""");
        Assert.IsType<SmoothnessScheduleSpec>(spec.With("schedule", """{ "kind": "smoothness" }""").Parse().Schedule);
    }

    [Fact]
    public void EveryModelKindReadsEveryField()
    {
        Assert.Equal(new LeastSquaresModelSpec { L2 = 0.5 }, Model("""{ "kind": "least-squares", "l2": 0.5 }"""));
        Assert.Equal(new LogisticModelSpec { L2 = 0.5 }, Model("""{ "kind": "logistic", "l2": 0.5 }"""));
        Assert.Equal(new SoftmaxModelSpec(), Model("""{ "kind": "softmax" }"""));
        var mlp = Assert.IsType<MlpModelSpec>(Model("""{ "kind": "mlp", "hidden": [64, 32], "activation": "tanh", "l2": 1e-3 }"""));
        Assert.Equal([64, 32], mlp.Hidden);
        Assert.Equal((Activation.Tanh, 1e-3), (mlp.Activation, mlp.L2));
    }

    [Fact]
    public void AQuadraticModelReadsAHessianWithLinearAndStart()
    {
        var spec = Specs.Quadratic().With("model", """{ "kind": "quadratic", "hessian": [[2, 1], [1, 3]], "linear": [1, 0], "start": [0, 5] }""").Parse();
        var model = Assert.IsType<QuadraticModelSpec>(spec.Model);
        Assert.Equal([2.0, 1.0, 1.0, 3.0], model.DenseHessian());
        Assert.Equal([1.0, 0.0], model.Linear!);
        Assert.Equal([0.0, 5.0], model.Start!);
        Assert.Null(model.Eigenvalues);
    }

    [Fact]
    public void EveryDataSourceReadsEveryField()
    {
        using var dir = new TempDirectory();
        foreach (var file in new[] { "a.idx", "b.idx", "c.idx", "d.idx", "e.csv" }) dir.Write(file, "x");
        Assert.Equal(new MnistDataSpec(100, 0), Data("""{ "source": "mnist", "trainSize": 100, "validationSize": 0 }""", dir.Path, "trainLoss"));
        Assert.Equal(new SyntheticDataSpec(SyntheticTask.Logistic, 50, 3, 0, -7, 40, 10),
            Data("""{ "source": "synthetic", "task": "logistic", "samples": 50, "features": 3, "noise": 0, "seed": -7 }""", dir.Path));
        Assert.Equal(new IdxDataSpec(dir.File("a.idx"), dir.File("b.idx"), dir.File("c.idx"), dir.File("d.idx"), 10, 5),
            Data("""{ "source": "idx", "trainImages": "a.idx", "trainLabels": "b.idx", "testImages": "c.idx", "testLabels": "d.idx", "trainSize": 10, "validationSize": 5 }""", dir.Path));
        Assert.Equal(new CsvDataSpec(dir.File("e.csv"), new ColumnRef("y", null), false, CsvTask.Regression, 8, 2),
            Data("""{ "source": "csv", "path": "e.csv", "labelColumn": "y", "header": false, "task": "regression", "trainSize": 8, "validationSize": 2 }""", dir.Path));
        Assert.Equal(new ColumnRef(null, 0),
            Assert.IsType<CsvDataSpec>(Data("""{ "source": "csv", "path": "e.csv", "labelColumn": 0 }""", dir.Path)).LabelColumn);
        Assert.Equal(new NoDataSpec(), Specs.Quadratic().With("data", """{ "source": "none" }""").Parse().Data);
    }

    [Fact]
    public void EverySearchKindReadsEveryField()
    {
        Assert.Equal(new NoSearchSpec { Metric = Metric.TrainLoss, Concurrency = 2 }, Search("""{ "kind": "none", "metric": "trainLoss", "concurrency": 2 }"""));
        Assert.Equal([0.01, 0.1], Assert.IsType<GridSearchSpec>(Search("""{ "kind": "grid", "learningRates": [0.01, 0.1] }""")).LearningRates!);
        Assert.Equal(new GridSearchSpec(null, 1e-4, 1, 3), Search("""{ "kind": "grid", "min": 1e-4, "max": 1, "pointsPerDecade": 3 }"""));
        Assert.Equal(new CoarseToFineSearchSpec(1e-3, 1, 2, 0, 3) { Metric = Metric.ValidationAccuracy },
            Search("""{ "kind": "coarse-to-fine", "min": 1e-3, "max": 1, "pointsPerDecade": 2, "refinements": 0, "pointsPerRefinement": 3, "metric": "validationAccuracy" }"""));
        Assert.Equal(new LrFinderSearchSpec(1e-6, 1, 50, RampMode.Linear, 0, 2),
            Search("""{ "kind": "lr-finder", "min": 1e-6, "max": 1, "steps": 50, "mode": "linear", "smoothing": 0, "divergenceThreshold": 2 }"""));
        Assert.Equal(new LrFinderThenGridSearchSpec(1e-6, 1, 50, RampMode.Exponential, 0.9, 5, 7, 100),
            Search("""{ "kind": "lr-finder-then-grid", "min": 1e-6, "max": 1, "steps": 50, "smoothing": 0.9, "divergenceThreshold": 5, "pointsPerRefinement": 7, "span": 100 }"""));
        Assert.Equal(new AshaSpec(4, 2),
            Search("""{ "kind": "grid", "learningRates": [0.1], "earlyStopping": { "kind": "asha", "reductionFactor": 4, "minEpochs": 2 } }""", epochs: 5).EarlyStopping);
    }

    [Fact]
    public void EveryTrainingFieldIsRead()
    {
        Assert.Equal(new TrainingSpec(5, 32, 9, 1000, 10, 2.5),
            Specs.Softmax().With("training", """{ "epochs": 5, "batchSize": 32, "seed": 9, "maxSteps": 1000, "historyEvery": 10, "divergenceFactor": 2.5 }""").Parse().Training);
        Assert.Null(Specs.Softmax().With("training", """{ "batchSize": "full" }""").Parse().Training.BatchSize);
    }

    [Fact]
    public void IntegersMayBeWrittenInExponentForm() =>
        Assert.Equal(10_000, Specs.Softmax().With("training", """{ "maxSteps": 1e4 }""").Parse().Training.MaxSteps);

    private static OptimizerSpec Optimizer(string json) => Specs.Softmax().With("optimizer", json).Parse().Optimizer;

    private static ScheduleSpec Schedule(string json) => Specs.Softmax().With("schedule", json).Parse().Schedule;

    private static ModelSpec Model(string json) => Specs.Softmax().With("model", json).Parse().Model;

    private static DataSpec Data(string json, string dir, string metric = "validationLoss") =>
        Specs.Softmax().With("data", json).With("search", $$"""{ "metric": "{{metric}}" }""").Parse(dir).Data;

    private static SearchSpec Search(string json, int epochs = 1) =>
        Specs.Softmax().With("search", json).With("training.epochs", epochs.ToString()).Parse().Search;
}
