using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Models;

/// <summary>
/// A multilayer perceptron: dense layers of the given hidden sizes with relu or tanh, then a dense layer to the class
/// logits; mean cross-entropy + (l2/2) Σ‖W‖² over all weight matrices (biases carry no l2).
/// </summary>
public sealed class MlpModel(int features, IReadOnlyList<int> hidden, Activation activation, int classes, double l2, int maxBatchRows)
    : FeedForwardModel(features, hidden, classes, activation, l2, maxBatchRows)
{
    public Activation Activation { get; } = activation;

    /// <summary>
    /// PyTorch nn.Linear's default: kaiming_uniform_(a=√5) on the weights, which is U(−1/√fan_in, 1/√fan_in), and the
    /// same range for the bias. Drawn layer by layer, weights ([in][out] order) then bias, from one seeded stream;
    /// the values are not torch.manual_seed's.
    /// </summary>
    public override void Initialize(Span<float> parameters, int seed)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException($"parameters has {parameters.Length} values, the model {ParameterCount}.", nameof(parameters));
        var random = new ModelRandom(seed);
        foreach (var layer in Layers)
        {
            float bound = 1f / MathF.Sqrt(layer.Inputs);
            random.FillUniform(layer.Weights(parameters), bound);
            random.FillUniform(layer.Bias(parameters), bound);
        }
    }
}
