namespace SweepCluster.Engine.Models;

/// <summary>
/// One fully connected layer's place in the flat parameter vector: its weights [in][out] (so one input row times W
/// is a sequence of broadcast-FMAs over the outputs) followed by its bias, which is therefore row `in` of one
/// (in + 1) × out matrix: an input with a constant 1 appended gets the bias and its gradient from the same kernels.
/// </summary>
internal sealed record DenseLayer(int Inputs, int Outputs, int Offset)
{
    public int WeightCount => Inputs * Outputs;

    public int BiasOffset => Offset + WeightCount;

    public int End => BiasOffset + Outputs;

    public ReadOnlySpan<float> Weights(ReadOnlySpan<float> parameters) => parameters.Slice(Offset, WeightCount);

    public Span<float> Weights(Span<float> parameters) => parameters.Slice(Offset, WeightCount);

    /// <summary>Weights and bias as one (Inputs + 1) × Outputs matrix.</summary>
    public ReadOnlySpan<float> Matrix(ReadOnlySpan<float> parameters) => parameters.Slice(Offset, WeightCount + Outputs);

    public Span<float> Matrix(Span<float> parameters) => parameters.Slice(Offset, WeightCount + Outputs);

    public ReadOnlySpan<float> Bias(ReadOnlySpan<float> parameters) => parameters.Slice(BiasOffset, Outputs);

    public Span<float> Bias(Span<float> parameters) => parameters.Slice(BiasOffset, Outputs);

    /// <summary>Builds consecutive layers for sizes [in, hidden…, out].</summary>
    public static DenseLayer[] Stack(IReadOnlyList<int> sizes)
    {
        var layers = new DenseLayer[sizes.Count - 1];
        int offset = 0;
        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = new DenseLayer(sizes[l], sizes[l + 1], offset);
            offset = layers[l].End;
        }
        return layers;
    }
}
