using System.Diagnostics;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Training;

/// <summary>
/// Compiles the training code before any trial needs it: a few steps of each model on the bundled MNIST and of each
/// optimizer, on a few hundred rows, so that a process's first real trials run compiled code instead of paying the
/// JIT, which would otherwise cost a small trial many times its own training (<c>bench/Engine.Bench -- warmup</c>
/// measures it). ReadyToRun does not do this job: the hot kernels are marked
/// <c>AggressiveOptimization</c>, which crossgen leaves to the JIT, and their Vector512 paths are above its baseline ISA.
/// </summary>
public static class TrainingWarmup
{
    private const string Data = """{"source":"mnist","trainSize":256,"validationSize":64}""";

    private static readonly string[] Models =
    [
        """{"kind":"softmax","l2":0.0001}""",
        """{"kind":"mlp","hidden":[128],"activation":"relu"}""",
        """{"kind":"mlp","hidden":[64],"activation":"tanh"}""",
    ];

    private static readonly string[] Optimizers =
    [
        """{"kind":"sgd","learningRate":0.1}""",
        """{"kind":"sgd","learningRate":0.1,"momentum":0.9,"nesterov":true,"weightDecay":0.0001}""",
        """{"kind":"adam","learningRate":0.001}""",
        """{"kind":"adamw","learningRate":0.001}""",
        """{"kind":"rmsprop","learningRate":0.001}""",
        """{"kind":"adagrad","learningRate":0.01}""",
        """{"kind":"adadelta"}""",
    ];

    /// <summary>
    /// Every model with SGD and every optimizer with each model, four steps each plus an evaluation; returns how long it
    /// took. A failure is the engine's bug and is thrown: it would fail the first real trial the same way.
    /// </summary>
    public static TimeSpan Run(CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        foreach (var model in Models)
        foreach (var optimizer in Optimizers)
        {
            cancel.ThrowIfCancellationRequested();
            var spec = SpecParser.Parse(
                $$$"""{"name":"warmup","data":{{{Data}}},"model":{{{model}}},"optimizer":{{{optimizer}}},"schedule":{"kind":"cosine","tMax":4},"training":{"epochs":1,"batchSize":64,"seed":1}}""");
            var arm = spec.ResolvedArms()[0];
            Trainer.Run(TrialPlan.For(spec, arm, arm.Optimizer.LearningRate ?? 1.0), cancel: cancel);
        }
        return clock.Elapsed;
    }
}
