using System.Diagnostics;
using System.Text.Json;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Trainers;

/// <summary>
/// sweepcluster.py's torch_scheduler and torch_optimizer, given the spec parts as this engine writes them, against the
/// engine itself: the same rate at every step, the same optimizer settings. Needs python3 with torch (Debian's
/// python3-torch); skipped without it.
/// </summary>
public sealed class TorchHelpersMatchEngineTests
{
    private const double Eta = 0.1;
    private const int StepsPerEpoch = 5;
    private const int Epochs = 6;
    private const int Steps = StepsPerEpoch * Epochs;

    // One python run per test: importing torch is most of its cost.
    private static readonly (string Name, ScheduleSpec Spec)[] s_schedules =
    [
        ("constant", new ConstantScheduleSpec()),
        ("step", new StepScheduleSpec(7, 0.5)),
        ("multistep", new MultiStepScheduleSpec([5, 12])),
        ("exponential", new ExponentialScheduleSpec(0.95)),
        ("inverse-time", new InverseTimeScheduleSpec(0.1)),
        ("cosine", new CosineScheduleSpec(20, 0.001)),
        ("cosine-restarts", new CosineRestartsScheduleSpec(4, 2, 0.001)),
        ("cyclic triangular2", new CyclicScheduleSpec(0.01, StepSizeUp: 3, Mode: CyclicMode.Triangular2)),
        ("cyclic exp_range", new CyclicScheduleSpec(0.01, 0.2, 4, 2, CyclicMode.ExpRange, 0.97)),
        ("one-cycle over the run", new OneCycleScheduleSpec()),
        ("one-cycle linear", new OneCycleScheduleSpec(0.3, 30, 0.25, AnnealStrategy.Linear)),
        ("cosine after a warmup", new CosineScheduleSpec(20) { Warmup = new WarmupSpec(5, 0.1) }),
        ("one-cycle after a warmup", new OneCycleScheduleSpec() { Warmup = new WarmupSpec(6, 0.2) }),
        ("step per epoch", new StepScheduleSpec(2, 0.5) { Unit = ScheduleUnit.Epoch }),
        ("exponential per epoch after a warmup", new ExponentialScheduleSpec(0.8) { Unit = ScheduleUnit.Epoch, Warmup = new WarmupSpec(2, 0.5) }),
    ];

    [Fact]
    public async Task TheTorchSchedulerGivesTheEnginesRateAtEveryStepForEveryKind()
    {
        var trials = s_schedules.Select(c => new
        {
            learningRate = Eta,
            optimizer = new { kind = "sgd" },
            schedule = JsonSerializer.SerializeToElement(c.Spec, SpecJson.Options),
            training = JsonSerializer.SerializeToElement(new TrainingSpec(Epochs), SpecJson.Options),
        });
        var all = (await RunPythonAsync("""
            out = []
            for t in json.load(sys.stdin):
                optimizer = sc.torch_optimizer([torch.zeros(1, requires_grad=True)], t)
                scheduler = sc.torch_scheduler(optimizer, STEPS_PER_EPOCH, t)
                rates = []
                for _ in range(STEPS):
                    rates.append(optimizer.param_groups[0]["lr"])
                    optimizer.step()
                    scheduler.step()
                out.append(rates)
            print(json.dumps(out))
            """, trials)).Deserialize<double[][]>()!;

        Assert.Equal(s_schedules.Length, all.Length);
        var mismatches = new List<string>();
        foreach (var ((name, spec), rates) in s_schedules.Zip(all))
        {
            var policy = StepSizePolicy.Create(spec, Eta, Steps, Epochs, () => throw new InvalidOperationException("not a smoothness rule"));
            Assert.Equal(Steps, rates.Length);
            for (int s = 0; s < Steps; s++)
            {
                double expected = policy.Rate(s, s / StepsPerEpoch);
                if (!(Math.Abs(rates[s] - expected) <= 1e-9 * Math.Abs(expected) + 1e-15))
                    mismatches.Add($"{name}, step {s}: torch {rates[s]:R}, engine {expected:R}");
            }
        }
        Assert.Empty(mismatches);
    }

    private static readonly (OptimizerSpec Spec, string Torch)[] s_optimizers =
    [
        (new SgdSpec(0.9, 0.1, false) { WeightDecay = 1e-4 }, """{"momentum": 0.9, "dampening": 0.1, "nesterov": false, "weight_decay": 0.0001}"""),
        (new SgdSpec(0.8, 0, true), """{"momentum": 0.8, "dampening": 0.0, "nesterov": true, "weight_decay": 0.0}"""),
        (new AdagradSpec(1e-9, 0.1, 0.01) { WeightDecay = 0.001 }, """{"eps": 1e-09, "initial_accumulator_value": 0.1, "lr_decay": 0.01, "weight_decay": 0.001}"""),
        (new RmsPropSpec(0.9, 1e-7, 0.5, true), """{"alpha": 0.9, "eps": 1e-07, "momentum": 0.5, "centered": true, "weight_decay": 0.0}"""),
        (new AdamSpec(0.8, 0.99, 1e-6, true), """{"betas": [0.8, 0.99], "eps": 1e-06, "amsgrad": true, "weight_decay": 0.0}"""),
        (new AdamWSpec() { WeightDecay = 0.01 }, """{"betas": [0.9, 0.999], "eps": 1e-08, "amsgrad": false, "weight_decay": 0.01}"""),
        (new AdadeltaSpec(0.95, 1e-5), """{"rho": 0.95, "eps": 1e-05, "weight_decay": 0.0}"""),
    ];

    [Fact]
    public async Task TheTorchOptimizerTakesEveryFieldAsTheEngineWritesIt()
    {
        var trials = s_optimizers.Select(c => new { learningRate = Eta, optimizer = JsonSerializer.SerializeToElement(c.Spec, SpecJson.Options) });
        var groups = await RunPythonAsync("""
            out = []
            for t in json.load(sys.stdin):
                group = sc.torch_optimizer([torch.zeros(1, requires_grad=True)], t).param_groups[0]
                out.append({k: v for k, v in group.items() if k != "params"})
            print(json.dumps(out))
            """, trials);

        Assert.Equal(s_optimizers.Length, groups.GetArrayLength());
        var mismatches = new List<string>();
        foreach (var ((spec, torch), group) in s_optimizers.Zip(groups.EnumerateArray()))
        {
            if (group.GetProperty("lr").GetDouble() != Eta) mismatches.Add($"{spec}: lr {group.GetProperty("lr")}");
            foreach (var field in JsonDocument.Parse(torch).RootElement.EnumerateObject())
                if (!JsonElement.DeepEquals(field.Value, group.GetProperty(field.Name)))
                    mismatches.Add($"{spec}: {field.Name} expected {field.Value}, torch has {group.GetProperty(field.Name)}");
        }
        Assert.Empty(mismatches);
    }

    private static async Task<JsonElement> RunPythonAsync(string body, object input)
    {
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        string script = "import json, sys\nimport torch\nimport sweepcluster as sc\n"
            + $"STEPS, STEPS_PER_EPOCH = {Steps}, {StepsPerEpoch}\n" + body.Replace("\r\n", "\n");
        var info = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["PYTHONPATH"] = Path.Combine(TestPaths.RepoRoot, "clients", "python");
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(input));
        process.StandardInput.Close();
        var cancel = TestContext.Current.CancellationToken;
        string output = await process.StandardOutput.ReadToEndAsync(cancel);
        string errors = await process.StandardError.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        if (process.ExitCode != 0 && errors.Contains("No module named 'torch'")) Assert.Skip("torch is not installed for " + python);
        Assert.True(process.ExitCode == 0, errors);
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
