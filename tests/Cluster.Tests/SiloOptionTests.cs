using SweepCluster.Engine.Trainers;
using SweepCluster.Silo;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// The silo's options as the configuration system binds them: every option from the command line, from its SWEEP_
/// variable and from a <c>--config</c> file, which overrides which, and the one-line answer to each mistake.
/// </summary>
public sealed class SiloOptionTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sweep-silo-options-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Folder => _folder.FullName;

    /// <summary>A value for each option, and how the settings show it was read.</summary>
    private Dictionary<string, (string Value, Func<SiloSettings, object?> Read, object? Expected)> Samples()
    {
        var trainers = Write("trainers.json", """{"resnet": {"command": ["python3", "train.py", "--lr", "{learningRate}"], "mode": "worker"}}""");
        var config = Write("options.json", "{}");
        return new()
        {
            [nameof(SiloArguments.Redis)] = ("r:6379,password=x", s => s.Options.Redis, "r:6379,password=x"),
            [nameof(SiloArguments.RedisCa)] = ("/no/such/ca.pem", s => s.Options.RedisTrustedIssuer, "/no/such/ca.pem"),
            [nameof(SiloArguments.SiloPort)] = ("1", s => s.Options.SiloPort, 1),
            [nameof(SiloArguments.GatewayPort)] = ("2", s => s.Options.GatewayPort, 2),
            [nameof(SiloArguments.MetricsPort)] = ("3", s => s.MetricsPort, 3),
            [nameof(SiloArguments.Slots)] = ("4", s => s.Options.Slots, 4),
            [nameof(SiloArguments.Advertise)] = ("10.0.0.5", s => s.Options.Advertise?.ToString(), "10.0.0.5"),
            [nameof(SiloArguments.Bind)] = ("10.0.0.6", s => s.Options.Bind?.ToString(), "10.0.0.6"),
            // The TLS trio is read together (TlsOptionTests); one alone is a mistake that names the others.
            [nameof(SiloArguments.TlsCert)] = ("/c.pem", s => s.Options.Tls, null),
            [nameof(SiloArguments.TlsKey)] = ("/k.pem", s => s.Options.Tls, null),
            [nameof(SiloArguments.TlsCa)] = ("/ca.pem", s => s.Options.Tls, null),
            [nameof(SiloArguments.Trainers)] = (trainers, s => string.Join(",", s.Options.Trainers.Keys), "resnet"),
            [nameof(SiloArguments.AllowCommands)] = ("true", s => s.Options.AllowCommands, true),
            [nameof(SiloArguments.Gpus)] = ("0,GPU-8f3c-11", s => string.Join("|", s.Options.Gpus), "0|GPU-8f3c-11"),
            [nameof(SiloArguments.CheckpointRoot)] = (Path.Combine(Folder, "checkpoints"), s => s.Options.CheckpointRoot, Path.Combine(Folder, "checkpoints")),
            [nameof(SiloArguments.ResultsRoot)] = (Path.Combine(Folder, "results"), s => s.Options.ResultsRoot, Path.Combine(Folder, "results")),
            [nameof(SiloArguments.DataRoot)] = (Folder, s => s.Options.DataRoot, Engine.Data.DataAccess.RealRoot(Folder)),
            [nameof(SiloArguments.DataCacheMb)] = ("512", s => s.Options.DataCacheBytes, 512L << 20),
            [nameof(SiloArguments.WarmUp)] = ("false", s => s.Options.WarmUpTraining, false),
            [nameof(SiloArguments.Verbose)] = ("1", s => s.Verbose, true),
            [nameof(SiloArguments.Config)] = (config, _ => null, null),
            [nameof(SiloArguments.ClusterId)] = ("c-7", s => s.Options.ClusterId, "c-7"),
            [nameof(SiloArguments.ServiceId)] = ("s-7", s => s.Options.ServiceId, "s-7"),
            [nameof(SiloArguments.WatchdogSeconds)] = ("2", s => s.Options.WatchdogPeriod, TimeSpan.FromSeconds(2)),
            [nameof(SiloArguments.FastFailureDetection)] = ("true", s => s.Options.FastFailureDetection, true),
        };
    }

    public static TheoryData<string> Keys() => [.. SiloOption.All.Select(o => o.Key)];

    [Theory]
    [MemberData(nameof(Keys))]
    public void EveryOptionIsReadFromTheCommandLineAndFromItsEnvironmentVariable(string key)
    {
        var option = SiloOption.Of(key);
        var (value, read, expected) = Samples()[key];
        if (expected is null && key.StartsWith("Tls", StringComparison.Ordinal))
        {
            // Alone, a TLS option is refused by its name.
            Assert.Contains(option.Switch, Assert.Throws<SiloSettingsException>(() => SiloCommand.Read([option.Switch, value], _ => null)).Message);
            Assert.Contains(option.Switch, Assert.Throws<SiloSettingsException>(() => SiloCommand.Read([], Environment(option.Environment, value))).Message);
            return;
        }
        var fromCommandLine = SiloCommand.Read([option.Switch, value], _ => null);
        var fromEnvironment = SiloCommand.Read([], Environment(option.Environment, value));

        Assert.Equal(expected, read(fromCommandLine));
        Assert.Equal(expected, read(fromEnvironment));
    }

    [Fact]
    public void TheSwitchesAndVariablesAreTheDocumentedNames()
    {
        string[] documented =
        [
            "--redis", "--redis-ca", "--silo-port", "--gateway-port", "--metrics-port", "--slots", "--advertise", "--bind", "--tls-cert",
            "--tls-key", "--tls-ca", "--trainers", "--allow-commands", "--gpus", "--checkpoint-root", "--results-root", "--data-root",
            "--data-cache-mb", "--warm-up", "--verbose", "--config", "--cluster-id", "--service-id", "--watchdog-seconds", "--fast-failure-detection",
        ];
        Assert.Equal(documented, SiloOption.All.Select(o => o.Switch));
        Assert.Equal("SWEEP_CHECKPOINT_ROOT", SiloOption.Of(nameof(SiloArguments.CheckpointRoot)).Environment);
        Assert.Equal("SWEEP_ALLOW_COMMANDS", SiloOption.Of(nameof(SiloArguments.AllowCommands)).Environment);
    }

    [Fact]
    public void TheCommandLineOverridesTheEnvironmentWhichOverridesTheConfigFile()
    {
        var config = Write("options.json", """{"slots": 3, "siloPort": 12000, "gatewayPort": 31000, "allowCommands": true}""");
        var environment = Environment(("SWEEP_CONFIG", config), ("SWEEP_SLOTS", "5"), ("SWEEP_SILO_PORT", "12001"));

        var s = SiloCommand.Read(["--slots", "7"], environment);

        Assert.Equal((7, 12001, 31000, true), (s.Options.Slots, s.Options.SiloPort, s.Options.GatewayPort, s.Options.AllowCommands));
    }

    [Fact]
    public void FlagsAreTrueAloneAndTakeAnExplicitValue()
    {
        Assert.True(SiloCommand.Read(["--allow-commands", "--slots", "2"], _ => null).Options.AllowCommands);
        Assert.False(SiloCommand.Read(["--allow-commands", "false"], _ => null).Options.AllowCommands);
        Assert.False(SiloCommand.Read([], _ => null).Options.AllowCommands);
        Assert.True(SiloCommand.Read([], Environment("SWEEP_ALLOW_COMMANDS", "TRUE")).Options.AllowCommands);
    }

    [Fact]
    public void SlotsDefaultToTheNumberOfGpusUnlessGiven()
    {
        Assert.Equal(3, SiloCommand.Read(["--gpus", "0, 1,2"], _ => null).Options.Slots);
        Assert.Equal(["0", "1", "2"], SiloCommand.Read(["--gpus", "0, 1,2"], _ => null).Options.Gpus);
        Assert.Equal(8, SiloCommand.Read(["--gpus", "0,1"], Environment("SWEEP_SLOTS", "8")).Options.Slots);
        Assert.Equal(System.Environment.ProcessorCount, SiloCommand.Read([], _ => null).Options.Slots);
    }

    [Fact]
    public void ADeclaredTrainerIsReadWithTheSpecsRulesItsFolderNextToTheFile()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "torch"));
        var file = Write("trainers.json", """
            {
              "resnet": { "command": ["python3", "train.py", "--lr", "{learningRate}"], "workingDirectory": "torch",
                          "env": { "OMP_NUM_THREADS": "1" }, "metrics": { "format": "regex", "pattern": "loss (?<trainLoss>[0-9.]+) at (?<epoch>[0-9]+)" },
                          "timeoutSeconds": 600, "mode": "worker" },
              "plain": { "kind": "command", "command": ["./run.sh"] }
            }
            """);

        var s = SiloCommand.Read(["--trainers", file], _ => null);

        var resnet = s.Options.Trainers["resnet"];
        Assert.Equal(["python3", "train.py", "--lr", "{learningRate}"], resnet.Command);
        Assert.Equal(Path.Combine(Folder, "torch"), resnet.WorkingDirectory);
        Assert.Equal((600.0, TrainerMode.Worker, TrainerMetricsFormat.Regex), (resnet.TimeoutSeconds, resnet.Mode, resnet.Metrics!.Format));
        Assert.Equal(["./run.sh"], s.Options.Trainers["plain"].Command);
        Assert.Equal(file, s.TrainersFile);
    }

    [Theory]
    [InlineData("""{"resnet": {"command": "python3 train.py"}}""", "$.resnet.command: expected a list of strings")]
    [InlineData("""{"resnet": {"command": ["x"], "mode": "thread"}}""", "$.resnet.mode: ")]
    [InlineData("""{"resnet": {"command": ["x"], "gpu": true}}""", "$.resnet.gpu: ")]
    [InlineData("""{"resnet": {"name": "other"}}""", "$.resnet.name: a declared trainer has a command of its own")]
    [InlineData("""{"resnet": {"args": ["--fast"]}}""", "$.resnet.command: is required for a declared trainer")]
    [InlineData("""{"resnet": {"command": ["x"], "workingDirectory": "no-such-folder"}}""", "$.resnet.workingDirectory: directory \"no-such-folder\" not found")]
    [InlineData("""["resnet"]""", "$: expected an object")]
    [InlineData("""{"resnet": """, "$: ")]
    public void ABadTrainersFileIsOneLineNamingTheFileTheTrainerAndTheField(string json, string problem)
    {
        var file = Write("bad.json", json);

        var e = Assert.Throws<SiloSettingsException>(() => SiloCommand.Read(["--trainers", file], _ => null));

        Assert.StartsWith($"--trainers (SWEEP_TRAINERS): \"{file}\": {problem}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AMissingTrainersFileIsNamed()
    {
        var e = Assert.Throws<SiloSettingsException>(() => SiloCommand.Read([], Environment("SWEEP_TRAINERS", "/no/such/trainers.json")));
        Assert.StartsWith("--trainers (SWEEP_TRAINERS): trainers file \"/no/such/trainers.json\" not found", e.Message);
    }

    [Fact]
    public void TheStorageRootsAreCreatedWhenMissing()
    {
        var results = Path.Combine(Folder, "a", "results");
        var checkpoints = Path.Combine(Folder, "b", "checkpoints");

        var s = SiloCommand.Read(["--results-root", results], Environment("SWEEP_CHECKPOINT_ROOT", checkpoints));

        Assert.Equal((results, checkpoints), (s.Options.ResultsRoot, s.Options.CheckpointRoot));
        Assert.True(Directory.Exists(results) && Directory.Exists(checkpoints));
        Assert.Empty(Directory.EnumerateFileSystemEntries(results));
    }

    [Theory]
    [InlineData(new[] { "--silo-port", "eleven" }, "--silo-port (SWEEP_SILO_PORT): \"eleven\" is not allowed; must be a whole number from 1 to 65535.")]
    [InlineData(new[] { "--slots", "0" }, "--slots (SWEEP_SLOTS): \"0\" is not allowed; must be a whole number from 1 to 4096.")]
    [InlineData(new[] { "--gpus", "0,,1" }, "--gpus (SWEEP_GPUS): \"0,,1\" is not allowed; must be GPU ids separated by commas, e.g. 0,1,2,3.")]
    [InlineData(new[] { "--allow-commands=maybe" }, "--allow-commands (SWEEP_ALLOW_COMMANDS): \"maybe\" is not allowed; must be true or false.")]
    [InlineData(new[] { "--results-root", "/proc/sweep-results" }, "--results-root (SWEEP_RESULTS_ROOT): \"/proc/sweep-results\" is not allowed; must be a directory this silo can create and write to (")]
    [InlineData(new[] { "--checkpoint-root", "/etc/passwd" }, "--checkpoint-root (SWEEP_CHECKPOINT_ROOT): \"/etc/passwd\" is not allowed; must be a directory this silo can create and write to (")]
    [InlineData(new[] { "--no-such-option", "1" }, "'--no-such-option'")]
    [InlineData(new[] { "--slots" }, "--slots")]
    public void ABadValueIsOneLineNamingTheOptionTheValueAndWhatIsAllowed(string[] args, string message)
    {
        var e = Assert.Throws<SiloSettingsException>(() => SiloCommand.Read(args, _ => null));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ABadValueFromTheEnvironmentIsNamedTheSameWay()
    {
        var e = Assert.Throws<SiloSettingsException>(() => SiloCommand.Read([], Environment("SWEEP_SLOTS", "many")));
        Assert.Equal("--slots (SWEEP_SLOTS): \"many\" is not allowed; must be a whole number from 1 to 4096.", e.Message);
    }

    [Theory]
    [InlineData("""{"slots": 2, "siloport": 1, "Bogus": 3}""", "\"Bogus\" is not an option of the file; allowed: redis, redisCa, siloPort")]
    [InlineData("""{"trainers": {"resnet": {}}}""", "\"trainers\" must be a string, a number or true/false")]
    [InlineData("""{"config": "other.json"}""", "\"config\" is not an option of the file")]
    [InlineData("""{"slots": """, "is not a JSON object of options: ")]
    [InlineData("""[1, 2]""", "is not a JSON object of options: ")]
    public void ABadConfigFileIsOneLineNamingIt(string json, string problem)
    {
        var file = Write("options.json", json);

        var e = Assert.Throws<SiloSettingsException>(() => SiloCommand.Read(["--config", file], _ => null));

        Assert.StartsWith($"--config (SWEEP_CONFIG): \"{file}\" ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AMissingConfigFileIsNamed()
    {
        var e = Assert.Throws<SiloSettingsException>(() => SiloCommand.Read(["--config", "/no/such/options.json"], _ => null));
        Assert.Equal("--config (SWEEP_CONFIG): \"/no/such/options.json\" not found (looked for /no/such/options.json).", e.Message);
    }

    [Fact]
    public async Task HelpListsEveryOptionButTheHiddenOnesWithTheirVariables()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SiloCommand.RunAsync(["--help"], stdout, stderr);

        Assert.Equal(0, code);
        foreach (var option in SiloOption.All)
        {
            if (option.Hidden) Assert.DoesNotContain(option.Switch, stdout.ToString(), StringComparison.Ordinal);
            else Assert.Contains($"[{option.Environment}]", stdout.ToString(), StringComparison.Ordinal);
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static Func<string, string?> Environment(string name, string value) => Environment((name, value));
}
