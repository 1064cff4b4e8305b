using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>The spec's <c>trainer</c>: a user's program, inline or named, its fields and their mistakes.</summary>
public sealed class TrainerSectionTests
{
    [Fact]
    public void AnInlineCommandTrainerReadsEveryFieldAndTakesNoDataOrModel()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("prog"));
        var spec = Specs.Command().With("trainer", """
            { "kind": "command", "command": ["python3", "train.py", "--lr", "{learningRate}"], "args": ["--fast"],
              "workingDirectory": "prog", "env": { "OMP_NUM_THREADS": "1", "SEED": "{training.seed}" },
              "metrics": { "format": "regex", "pattern": "loss (?<trainLoss>\\S+)" }, "timeoutSeconds": 60, "mode": "worker" }
            """).Parse(dir.Path);

        var trainer = Assert.IsType<TrainerSpec>(spec.Trainer);
        Assert.Equal(["python3", "train.py", "--lr", "{learningRate}"], trainer.Command);
        Assert.Equal(dir.File("prog"), trainer.WorkingDirectory);
        Assert.Equal(60, trainer.TimeoutSeconds);
        Assert.IsType<NoDataSpec>(spec.Data);
        Assert.IsType<ProgramModelSpec>(spec.Model);
        Assert.Equal(Metric.ValidationLoss, spec.Search.Metric);

        var resolved = trainer.Resolve();
        Assert.Equal(["python3", "train.py", "--lr", "{learningRate}", "--fast"], resolved.Command);
        Assert.Equal(("1", "{training.seed}"), (resolved.Env["OMP_NUM_THREADS"], resolved.Env["SEED"]));
        Assert.Equal((TrainerMetricsFormat.Regex, TrainerMode.Worker), (resolved.Metrics.Format, resolved.Mode));
    }

    [Fact]
    public void ACommandAloneImpliesKindCommandWithJsonReportsInProcessMode()
    {
        var resolved = Assert.IsType<TrainerSpec>(Specs.Command().Parse().Trainer).Resolve();
        Assert.Equal((TrainerMetricsFormat.Json, TrainerMode.Process, (double?)null, (string?)null),
            (resolved.Metrics.Format, resolved.Mode, resolved.TimeoutSeconds, resolved.WorkingDirectory));
    }

    [Fact]
    public void AKindBuiltinSectionIsTheBuiltInTrainer() =>
        Assert.Null(Specs.Softmax().With("trainer", """{ "kind": "builtin" }""").Parse().Trainer);

    [Fact]
    public void ANamedTrainerValidatesLocallyAndResolvesAgainstTheSilosDeclaration()
    {
        var spec = Specs.Command().With("trainer", """{ "name": "resnet", "args": ["--depth", "50"], "env": { "A": "spec" } }""").Parse();
        var trainer = Assert.IsType<TrainerSpec>(spec.Trainer);
        Assert.Equal("resnet", trainer.Name);
        var error = Assert.Throws<InputException>(() => trainer.Resolve());
        Assert.Contains("\"resnet\"", error.Message);

        var declared = new CommandTrainerSpec(["python3", "resnet.py"], "/srv", new Dictionary<string, string> { ["A"] = "silo", ["B"] = "silo" },
            TrainerMetricsSpec.Json, 600, TrainerMode.Worker);
        var resolved = trainer.Resolve(declared: declared);
        Assert.Equal(["python3", "resnet.py", "--depth", "50"], resolved.Command);
        Assert.Equal(("spec", "silo"), (resolved.Env["A"], resolved.Env["B"]));
        Assert.Equal(("/srv", TrainerMode.Worker, (double?)600), (resolved.WorkingDirectory, resolved.Mode, resolved.TimeoutSeconds));
    }

    [Fact]
    public void DataAndModelBesideACommandAreEachNamed()
    {
        var problems = Specs.Command().With("data", """{ "source": "mnist" }""").With("model", """{ "kind": "softmax" }""").Problems();
        Assert.Equal(["$.data", "$.model"], problems.Select(p => p.Path).Order());
        Assert.All(problems, p => Assert.Contains("not allowed with a command trainer", p.Message));
    }

    [Theory]
    [InlineData("""{ "kind": "cmd", "command": ["x"] }""", "$.trainer.kind", "\"cmd\" is not a trainer kind; allowed: builtin, command")]
    [InlineData("""{ "command": ["x"], "mode": "thread" }""", "$.trainer.mode", "\"thread\" is not a trainer mode; allowed: process, worker")]
    [InlineData("""{ "kind": "command" }""", "$.trainer.command", "is required for a command trainer")]
    [InlineData("""{ "command": ["x"], "name": "resnet" }""", "$.trainer.name", "either a command or the name")]
    [InlineData("""{ "name": "resnet", "mode": "worker" }""", "$.trainer.mode", "declared on the silos; a spec that names a trainer may add only args and env")]
    [InlineData("""{ "name": "resnet", "timeoutSeconds": 5 }""", "$.trainer.timeoutSeconds", "may add only args and env")]
    [InlineData("""{ "command": "python3 train.py" }""", "$.trainer.command", "expected a list of strings, found string \"python3 train.py\"; split the command line")]
    [InlineData("""{ "command": [] }""", "$.trainer.command", "the list is empty")]
    [InlineData("""{ "command": [" "] }""", "$.trainer.command[0]", "the program's name must not be empty")]
    [InlineData("""{ "command": ["x", 3] }""", "$.trainer.command[1]", "expected a string, found number 3")]
    [InlineData("""{ "command": ["x"], "args": "--fast" }""", "$.trainer.args", "expected a list of strings")]
    [InlineData("""{ "command": ["x"], "env": { "LR": 0.1 } }""", "$.trainer.env.LR", "expected a string, found number 0.1")]
    [InlineData("""{ "command": ["x"], "env": { "A=B": "1" } }""", "$.trainer.env[\"A=B\"]", "must not hold '='")]
    [InlineData("""{ "command": ["x"], "env": { "SWEEP_TRIAL": "f" } }""", "$.trainer.env.SWEEP_TRIAL", "is set by the trial itself")]
    [InlineData("""{ "command": ["x"], "env": [] }""", "$.trainer.env", "expected an object")]
    [InlineData("""{ "command": ["x"], "timeoutSeconds": 0 }""", "$.trainer.timeoutSeconds", "0 is not allowed; must be in (0, 2000000]")]
    [InlineData("""{ "command": ["x"], "timeoutSeconds": 1e9 }""", "$.trainer.timeoutSeconds", "must be in (0, 2000000]")]
    [InlineData("""{ "command": ["x"], "timeoutSeconds": "1h" }""", "$.trainer.timeoutSeconds", "expected a number")]
    [InlineData("""{ "command": ["x"], "workingDirectory": "no-such-folder-anywhere" }""", "$.trainer.workingDirectory", "directory \"no-such-folder-anywhere\" not found")]
    [InlineData("""{ "command": ["x"], "metrics": { "format": "xml" } }""", "$.trainer.metrics.format", "\"xml\" is not a metrics format; allowed: json, regex")]
    [InlineData("""{ "command": ["x"], "metrics": { "format": "regex" } }""", "$.trainer.metrics.pattern", "missing")]
    [InlineData("""{ "command": ["x"], "metrics": { "format": "regex", "pattern": "loss (?<trainLoss" } }""", "$.trainer.metrics.pattern", "is not a valid regular expression")]
    [InlineData("""{ "command": ["x"], "metrics": { "format": "regex", "pattern": "loss (\\S+)" } }""", "$.trainer.metrics.pattern", "has no named group")]
    [InlineData("""{ "command": ["x"], "metrics": { "format": "regex", "pattern": "(?<loss>\\S+)" } }""", "$.trainer.metrics.pattern", "the named group \"loss\" is not a report field")]
    [InlineData("""{ "command": ["x"], "metrics": { "pattern": "(?<epoch>\\d+)" } }""", "$.trainer.metrics.pattern", "only allowed with \"format\": \"regex\"")]
    [InlineData("""{ "command": ["x"], "metrics": { "format": "json", "every": 1 } }""", "$.trainer.metrics.every", "is not a field of the trainer's metrics")]
    [InlineData("""{ "command": ["x"], "gpu": true }""", "$.trainer.gpu", "\"gpu\" is not a field of the command trainer")]
    public void EachMistakeInTheTrainerNamesItsFieldAndWhatIsAllowed(string trainer, string path, string message)
    {
        var problem = Specs.Command().With("trainer", trainer).SingleProblem();
        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void AMisspeltKindWithoutACommandIsReportedAlone()
    {
        var problem = Specs.Softmax().With("trainer", """{ "kind": "biultin" }""").SingleProblem();
        Assert.Equal("$.trainer.kind", problem.Path);
        Assert.StartsWith("\"biultin\" is not a trainer kind; allowed: builtin, command", problem.Message);
    }

    [Fact]
    public void TheBuiltinTrainerTakesNoCommand()
    {
        var problem = Specs.Softmax().With("trainer", """{ "kind": "builtin", "command": ["x"] }""").SingleProblem();
        Assert.Equal("$.trainer.command", problem.Path);
        Assert.Equal("\"command\" is not a field of the builtin trainer; allowed: kind", problem.Message);
    }

    [Fact]
    public void EveryProblemOfATrainerIsListedAtOnce()
    {
        var problems = Specs.Command().With("trainer", """
            { "command": ["x", "{learningRat}"], "mode": "thread", "timeoutSeconds": -1, "env": { "A": 1 },
              "metrics": { "format": "regex", "pattern": "(" } }
            """).With("model", """{ "kind": "softmax" }""").Problems();
        Assert.Equal(
            ["$.model", "$.trainer.command[1]", "$.trainer.env.A", "$.trainer.metrics.pattern", "$.trainer.mode", "$.trainer.timeoutSeconds"],
            problems.Select(p => p.Path).Order());
    }

    [Theory]
    [InlineData("{learningRate}")]
    [InlineData("{trialId}/{sweepId}/{arm}/{armName}/{stage}/{attempt}")]
    [InlineData("{optimizer.momentum}")]
    [InlineData("{optimizer.learningRate}")]
    [InlineData("{training.batchSize}:{training.seed}:{training.epochs}")]
    [InlineData("{schedule.kind}")]
    [InlineData("{{literal}}")]
    public void KnownPlaceholdersValidate(string template) =>
        Assert.Empty(Specs.Command().With("trainer.command", $$"""["sh", "{{template}}"]""").Problems());

    [Fact]
    public void AnUnknownPlaceholderIsAProblemNamingItWhereverItIs()
    {
        var problems = Specs.Command().With("trainer", """
            { "command": ["sh", "--lr", "{learningRat}"], "args": ["{optimizer.beta1}"], "env": { "LR": "{lr}" } }
            """).Problems();
        Assert.Equal(["$.trainer.args[0]", "$.trainer.command[2]", "$.trainer.env.LR"], problems.Select(p => p.Path).Order());
        Assert.Contains(problems, p => p.Message.StartsWith("unknown placeholder {learningRat}", StringComparison.Ordinal) && p.Message.Contains("learningRate"));
        Assert.Contains(problems, p => p.Message.StartsWith("unknown placeholder {optimizer.beta1}", StringComparison.Ordinal));
    }

    [Fact]
    public void ABraceThatOpensNoPlaceholderIsAProblem() =>
        Assert.Contains("an unclosed '{'", Specs.Command().With("trainer.command", """["sh", "{learningRate"]""").SingleProblem().Message);

    [Fact]
    public void APlaceholderOnlySomeArmsCanFillNamesThoseArms()
    {
        var problem = Specs.Command().With("trainer.command", """["sh", "{optimizer.momentum}"]""").With("search", """
            { "kind": "grid", "learningRates": [0.1], "arms": [ { "name": "sgd" }, { "name": "adam", "optimizer": { "kind": "adam" } } ] }
            """).SingleProblem();
        Assert.Equal("$.trainer.command[1]", problem.Path);
        Assert.EndsWith("(in arm \"adam\")", problem.Message);
    }

    [Fact]
    public void ArmsMaySetArgsAndEnvOnly()
    {
        var spec = Specs.Command().With("trainer", """{ "command": ["sh"], "args": ["--small"], "env": { "A": "1", "B": "1" } }""").With("search", """
            { "kind": "grid", "learningRates": [0.1],
              "arms": [ { "name": "big", "trainer": { "args": ["--big", "{armName}"], "env": { "B": "2" } } }, { "name": "plain" } ] }
            """).Parse();
        var trainer = spec.Trainer!;
        var big = trainer.Resolve(spec.Search.Arms[0].Trainer);
        Assert.Equal(["sh", "--big", "{armName}"], big.Command);
        Assert.Equal(("1", "2"), (big.Env["A"], big.Env["B"]));
        Assert.Equal(["sh", "--small"], trainer.Resolve(spec.Search.Arms[1].Trainer).Command);
        Assert.IsType<ProgramModelSpec>(spec.Search.Arms[1].Model);
    }

    [Theory]
    [InlineData("""{ "trainer": { "command": ["y"] } }""", "$.search.arms[0].trainer.command", "\"command\" is not a field of an arm's trainer; allowed: args, env")]
    [InlineData("""{ "trainer": { "mode": "worker" } }""", "$.search.arms[0].trainer.mode", "allowed: args, env")]
    [InlineData("""{ "model": { "kind": "softmax" } }""", "$.search.arms[0].model", "not allowed with a command trainer")]
    [InlineData("""{ "trainer": { "args": ["{nope}"] } }""", "$.search.arms[0].trainer.args[0]", "unknown placeholder {nope}")]
    [InlineData("""{ "trainer": { "env": { "X": "{nope}" } } }""", "$.search.arms[0].trainer.env.X", "unknown placeholder {nope}")]
    public void AnArmsTrainerMistakeNamesTheArmsField(string arm, string path, string message)
    {
        var problem = Specs.Command().With("search", $$"""{ "kind": "grid", "learningRates": [0.1], "arms": [ {{arm}} ] }""").SingleProblem();
        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void AnArmsTrainerNeedsACommandTrainer()
    {
        var problem = Specs.Softmax().With("search", """{ "kind": "grid", "learningRates": [0.1], "arms": [ { "trainer": { "args": ["x"] } } ] }""").SingleProblem();
        Assert.Equal("$.search.arms[0].trainer", problem.Path);
        Assert.Contains("only allowed when the spec trains a program of its own", problem.Message);
    }

    [Theory]
    [InlineData("search", """{ "kind": "lr-finder" }""", "$.search.kind")]
    [InlineData("search", """{ "kind": "lr-finder-then-grid" }""", "$.search.kind")]
    [InlineData("schedule", """{ "kind": "smoothness" }""", "$.schedule.kind")]
    [InlineData("schedule", """{ "kind": "armijo" }""", "$.schedule.kind")]
    public void WhatOnlyTheBuiltInTrainerCanDoIsRefusedForAProgram(string section, string json, string path)
    {
        var problem = Specs.Command().With(section, json).SingleProblem();
        Assert.Equal(path, problem.Path);
        Assert.Contains("not allowed with a command trainer", problem.Message);
    }

    [Fact]
    public void AProgramMayRankByAccuracyWithoutAModelThatClassifies() =>
        Assert.Equal(Metric.ValidationAccuracy, Specs.Command().With("search", """{ "kind": "grid", "learningRates": [0.1], "metric": "validationAccuracy" }""").Parse().Search.Metric);
}
