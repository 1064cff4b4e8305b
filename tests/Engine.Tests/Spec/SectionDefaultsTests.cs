using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

public sealed class SectionDefaultsTests
{
    [Fact]
    public void ALeftOutScheduleIsConstantOnTheStepClockWithoutWarmup()
    {
        var schedule = Specs.Softmax().Parse().Schedule;
        Assert.Equal(new ConstantScheduleSpec(), schedule);
        Assert.Equal(ScheduleUnit.Step, schedule.Unit);
        Assert.Null(schedule.Warmup);
    }

    [Fact]
    public void ALeftOutTrainingIsEveryTrainingDefault() =>
        Assert.Equal(new TrainingSpec(1, 64, 0, null, null, 10), Specs.Softmax().Parse().Training);

    [Fact]
    public void ALeftOutSearchIsNoneRankingByValidationLoss()
    {
        var search = Specs.Softmax().Parse().Search;
        Assert.IsType<NoSearchSpec>(search);
        Assert.Equal(Metric.ValidationLoss, search.Metric);
        Assert.Empty(search.Arms);
    }

    [Fact]
    public void ASearchWithoutKindIsNone() =>
        Assert.IsType<NoSearchSpec>(Specs.Softmax().With("search", """{ "metric": "trainLoss" }""").Parse().Search);

    [Fact]
    public void ALeftOutNameIsSweepForAStringSpec() => Assert.Equal("sweep", Specs.Softmax().With("name", null).Parse().Name);

    [Fact]
    public void ALeftOutNameIsTheFileNameForASpecFile()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("my-first-sweep.json", Specs.Softmax().With("name", null).ToJsonString());
        Assert.Equal("my-first-sweep", SpecParser.ParseFile(path).Name);
    }

    [Fact]
    public void TheQuadraticModelNeedsNoDataSection()
    {
        var spec = Specs.Quadratic().Parse();
        Assert.IsType<NoDataSpec>(spec.Data);
        var model = Assert.IsType<QuadraticModelSpec>(spec.Model);
        Assert.Equal([1.0, 10.0], model.Eigenvalues!);
        Assert.Null(model.Hessian);
        Assert.Null(model.Linear);
        Assert.Null(model.Start);
    }

    [Fact]
    public void WithoutDataTheDefaultMetricIsTheTrainingLoss()
    {
        var spec = Specs.Quadratic()
            .With("search", """{ "kind": "grid", "learningRates": [0.01, 0.1] }""")
            .With("schedule", """{ "kind": "reduce-on-plateau" }""")
            .Parse();
        Assert.Equal(Metric.TrainLoss, spec.Search.Metric);
        Assert.Equal(Metric.TrainLoss, Assert.IsType<ReduceOnPlateauScheduleSpec>(spec.Schedule).Metric);
    }

    [Fact]
    public void MnistDefaultsToTheContractSplit() =>
        Assert.Equal(new MnistDataSpec(8000, 2000), Specs.Softmax().Parse().Data);

    [Fact]
    public void SyntheticDataDefaultsToAnEightyTwentySplit() =>
        Assert.Equal(new SyntheticDataSpec(SyntheticTask.LinearRegression, 1000, 10, 0.1, 0, 800, 200),
            Specs.Softmax().With("model", """{ "kind": "least-squares" }""").With("data", """{ "source": "synthetic" }""").Parse().Data);

    [Theory]
    [InlineData("""{ "source": "synthetic", "samples": 500, "trainSize": 100 }""", 100, 400)]
    [InlineData("""{ "source": "synthetic", "samples": 500, "validationSize": 50 }""", 450, 50)]
    [InlineData("""{ "source": "synthetic", "samples": 500, "trainSize": 100, "validationSize": 50 }""", 100, 50)]
    [InlineData("""{ "source": "synthetic", "samples": 2 }""", 1, 1)]
    public void ASyntheticSideLeftOutTakesTheRestOfTheSamples(string data, int train, int validation)
    {
        var synthetic = Assert.IsType<SyntheticDataSpec>(Specs.Softmax().With("model", """{ "kind": "logistic" }""").With("data", data).Parse().Data);
        Assert.Equal((train, validation), (synthetic.TrainSize, synthetic.ValidationSize));
    }

    [Fact]
    public void CsvDefaultsToAHeaderTheLastColumnAndClassification()
    {
        using var dir = new TempDirectory();
        dir.Write("d.csv", "a,b\n1,0\n");
        var csv = Assert.IsType<CsvDataSpec>(Specs.Softmax().With("data", """{ "source": "csv", "path": "d.csv" }""").Parse(dir.Path).Data);
        Assert.True(csv.Header);
        Assert.Null(csv.LabelColumn);
        Assert.Equal(CsvTask.Classification, csv.Task);
        Assert.Null(csv.TrainSize);
        Assert.Null(csv.ValidationSize);
    }

    [Fact]
    public void MlpDefaultsToOneHiddenLayerOf128Relu()
    {
        var mlp = Assert.IsType<MlpModelSpec>(Specs.Softmax().With("model", """{ "kind": "mlp" }""").Parse().Model);
        Assert.Equal([128], mlp.Hidden);
        Assert.Equal(Activation.Relu, mlp.Activation);
        Assert.Equal(0, mlp.L2);
    }

    [Theory]
    [InlineData("""{ "kind": "sgd", "learningRate": 0.1 }""", """{"kind":"sgd","momentum":0,"dampening":0,"nesterov":false,"learningRate":0.1,"weightDecay":0}""")]
    [InlineData("""{ "kind": "adagrad" }""", """{"kind":"adagrad","eps":1E-10,"initialAccumulator":0,"lrDecay":0,"learningRate":0.01,"weightDecay":0}""")]
    [InlineData("""{ "kind": "rmsprop" }""", """{"kind":"rmsprop","alpha":0.99,"eps":1E-08,"momentum":0,"centered":false,"learningRate":0.01,"weightDecay":0}""")]
    [InlineData("""{ "kind": "adam" }""", """{"kind":"adam","beta1":0.9,"beta2":0.999,"eps":1E-08,"amsgrad":false,"learningRate":0.001,"weightDecay":0}""")]
    [InlineData("""{ "kind": "adamw" }""", """{"kind":"adamw","beta1":0.9,"beta2":0.999,"eps":1E-08,"amsgrad":false,"learningRate":0.001,"weightDecay":0.01}""")]
    [InlineData("""{ "kind": "adadelta" }""", """{"kind":"adadelta","rho":0.9,"eps":1E-06,"learningRate":1,"weightDecay":0}""")]
    public void EachOptimizerTakesPyTorchsDefaults(string optimizer, string expected)
    {
        var spec = Specs.Softmax().With("optimizer", optimizer).Parse();
        Assert.Equal(expected, System.Text.Json.JsonSerializer.Serialize(spec.Optimizer, Compact));
    }

    [Fact]
    public void InASearchALeftOutLearningRateStaysUnsetForTheSearchToSupply() =>
        Assert.Null(Specs.Softmax().With("optimizer", """{ "kind": "adam" }""").With("search", """{ "kind": "lr-finder" }""").Parse().Optimizer.LearningRate);

    [Theory]
    [InlineData("coarse-to-fine", """{"kind":"coarse-to-fine","min":1E-05,"max":10,"pointsPerDecade":1,"refinements":2,"pointsPerRefinement":5,"metric":"validationLoss"}""")]
    [InlineData("lr-finder", """{"kind":"lr-finder","min":1E-07,"max":10,"steps":100,"mode":"exponential","smoothing":0.98,"divergenceThreshold":4,"metric":"validationLoss"}""")]
    [InlineData("lr-finder-then-grid", """{"kind":"lr-finder-then-grid","min":1E-07,"max":10,"steps":100,"mode":"exponential","smoothing":0.98,"divergenceThreshold":4,"pointsPerRefinement":5,"span":10,"metric":"validationLoss"}""")]
    public void EachSearchTakesTheContractDefaults(string kind, string expected)
    {
        var spec = Specs.Softmax().With("search", $$"""{ "kind": "{{kind}}" }""").Parse();
        Assert.Equal(expected, System.Text.Json.JsonSerializer.Serialize(spec.Search, Compact));
    }

    [Fact]
    public void AGridRangeDefaultsToOnePointPerDecade() =>
        Assert.Equal(new GridSearchSpec(null, 1e-3, 1, 1),
            Specs.Softmax().With("search", """{ "kind": "grid", "min": 1e-3, "max": 1 }""").Parse().Search);

    [Fact]
    public void AshaDefaultsToReductionFactorThreeFromTheFirstEpoch() =>
        Assert.Equal(new AshaSpec(3, 1),
            Specs.Softmax().With("search", """{ "kind": "grid", "learningRates": [0.1], "earlyStopping": { "kind": "asha" } }""").Parse().Search.EarlyStopping);

    [Theory]
    [InlineData("""{ "kind": "step", "stepSize": 10 }""", """{"kind":"step","stepSize":10,"gamma":0.1,"unit":"step"}""")]
    [InlineData("""{ "kind": "multistep", "milestones": [2, 5] }""", """{"kind":"multistep","milestones":[2,5],"gamma":0.1,"unit":"step"}""")]
    [InlineData("""{ "kind": "cosine-restarts", "t0": 10 }""", """{"kind":"cosine-restarts","t0":10,"tMult":1,"etaMin":0,"unit":"step"}""")]
    [InlineData("""{ "kind": "cyclic", "baseLr": 0.001 }""", """{"kind":"cyclic","baseLr":0.001,"stepSizeUp":2000,"mode":"triangular","gamma":1,"unit":"step"}""")]
    [InlineData("""{ "kind": "one-cycle" }""", """{"kind":"one-cycle","pctStart":0.3,"anneal":"cos","divFactor":25,"finalDivFactor":10000,"unit":"step"}""")]
    [InlineData("""{ "kind": "reduce-on-plateau" }""", """{"kind":"reduce-on-plateau","factor":0.1,"patience":10,"threshold":0.0001,"metric":"validationLoss","unit":"step"}""")]
    [InlineData("""{ "kind": "armijo" }""", """{"kind":"armijo","c":0.0001,"shrink":0.5,"maxBacktracks":30,"grow":2,"unit":"step"}""")]
    [InlineData("""{ "kind": "smoothness" }""", """{"kind":"smoothness","rule":"1/L","unit":"step"}""")]
    [InlineData("""{ "kind": "constant", "warmup": { "steps": 5 } }""", """{"kind":"constant","unit":"step","warmup":{"steps":5,"startFactor":0.3333333333333333}}""")]
    public void EachScheduleTakesPyTorchsDefaults(string schedule, string expected)
    {
        var spec = Specs.Softmax().With("schedule", schedule).Parse();
        Assert.Equal(expected, System.Text.Json.JsonSerializer.Serialize(spec.Schedule, Compact));
    }

    private static readonly System.Text.Json.JsonSerializerOptions Compact = new(SpecJson.Options) { WriteIndented = false };
}
