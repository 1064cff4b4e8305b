namespace SweepCluster.Engine.Models;

/// <summary>
/// Multinomial logistic regression: logits = x·W + b, W [features][classes]; mean cross-entropy + (l2/2)‖W‖² (no l2
/// on b). Starts from zeros (the loss is then log(classes) and the problem is convex, so no seed is needed).
/// </summary>
public sealed class SoftmaxModel(int features, int classes, double l2, int maxBatchRows)
    : FeedForwardModel(features, [], classes, Spec.Activation.Relu, l2, maxBatchRows)
{
    public override void Initialize(Span<float> parameters, int seed)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException($"parameters has {parameters.Length} values, the model {ParameterCount}.", nameof(parameters));
        parameters.Clear();
    }
}
