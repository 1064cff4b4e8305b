namespace SweepCluster.Engine.Models;

/// <summary>What a block of parameters is: l2 and weight decay conventions apply to weights, not to biases.</summary>
public enum ParameterRole
{
    Weight,
    Bias,
}

/// <summary>
/// A contiguous block of the flat parameter vector, a row-major Rows × Columns matrix. Layer weights are stored
/// [in][out] (Rows = inputs, Columns = outputs), the transpose of PyTorch's nn.Linear.weight; a bias is 1 × outputs.
/// </summary>
public sealed record ParameterBlock(string Name, ParameterRole Role, int Offset, int Rows, int Columns)
{
    public int Length => Rows * Columns;

    public ReadOnlySpan<T> Of<T>(ReadOnlySpan<T> parameters) => parameters.Slice(Offset, Length);

    public Span<T> Of<T>(Span<T> parameters) => parameters.Slice(Offset, Length);
}

/// <summary>
/// How a model's flat parameter vector splits into blocks, in order and without gaps, so code outside the model
/// (Hessian-vector products, power iteration, per-block statistics) can tell weights from biases.
/// </summary>
public sealed class ParameterLayout
{
    public ParameterLayout(IReadOnlyList<ParameterBlock> blocks)
    {
        var offset = 0;
        foreach (var block in blocks)
        {
            if (block.Offset != offset)
                throw new ArgumentException($"Block '{block.Name}' starts at {block.Offset}, expected {offset}.", nameof(blocks));
            offset += block.Length;
        }
        Blocks = blocks;
        Count = offset;
    }

    public IReadOnlyList<ParameterBlock> Blocks { get; }

    /// <summary>The length of the parameter vector.</summary>
    public int Count { get; }

    public IEnumerable<ParameterBlock> Weights => Blocks.Where(b => b.Role == ParameterRole.Weight);

    public IEnumerable<ParameterBlock> Biases => Blocks.Where(b => b.Role == ParameterRole.Bias);

    public ParameterBlock this[string name] => Blocks.Single(b => b.Name == name);
}

/// <summary>A model that describes its parameter vector; every model of the engine is one.</summary>
public interface IHasParameterLayout
{
    ParameterLayout Layout { get; }
}
