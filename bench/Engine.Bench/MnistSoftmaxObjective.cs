using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// The validation loss of softmax regression on the bundled MNIST digits (2,000 training rows, 1,000 validation rows,
/// one epoch of SGD) over η, momentum, weight decay and batch size, trained by the Engine as `sweep train` trains it.
/// A diverged run, or one whose validation loss passes <see cref="Worst"/>, scores <see cref="Worst"/>.
/// </summary>
internal sealed class MnistSoftmaxObjective : IQualityObjective
{
    public const double Worst = 5;

    private static readonly SweepSpec Spec = SpecParser.Parse("""
        { "name": "quality-mnist", "data": { "source": "mnist", "trainSize": 2000, "validationSize": 1000 },
          "model": { "kind": "softmax" }, "optimizer": { "kind": "sgd", "learningRate": 0.1 }, "training": { "epochs": 1, "batchSize": 64, "seed": 1 } }
        """);

    public string Name => "mnist";

    public SearchSpace Space { get; } = new(
        new FloatDimension("learningRate", 1e-3, 3, log: true),
        new FloatDimension("optimizer.momentum", 0, 0.99),
        new FloatDimension("optimizer.weightDecay", 1e-6, 1e-1, log: true),
        new CategoricalDimension("training.batchSize", [.. new[] { 16, 32, 64, 128, 256 }.Select(b => ParameterValue.Of(b))]));

    public double Evaluate(IReadOnlyDictionary<string, ParameterValue> configuration)
    {
        var spec = SpecParameters.Apply(Spec, configuration);
        var arm = spec.ResolvedArms()[0];
        var trial = Trainer.Run(TrialPlan.For(spec, arm, configuration["learningRate"].Number));
        return trial.Status == TrialStatus.Completed && trial.ValidationLoss is { } loss && double.IsFinite(loss) ? Math.Min(loss, Worst) : Worst;
    }
}
