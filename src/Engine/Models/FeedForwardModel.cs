using System.Runtime.CompilerServices;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Kernels;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Models;

/// <summary>
/// Dense layers ending in softmax cross-entropy: <see cref="SoftmaxModel"/> (no hidden layer) and <see cref="MlpModel"/>.
/// Loss = mean cross-entropy + (l2/2) Σ‖W‖² over the weight matrices (biases carry no l2).
/// Every layer runs row by row on the non-zeros of its input (exact, and MNIST pixels are 81% zeros, relu outputs
/// about half), with the weights [in][out] so a row times W is a run of broadcast-FMAs over the outputs. No gradient
/// flows to the data. Rows go through in chunks of at most <see cref="MaxChunkRows"/>, so any batch (full batch
/// included) works with the scratch allocated here. Data sets with at most 25% non-zeros are read through a shared
/// sparse copy (<see cref="SparseRows"/>), built once per data set per process: by <see cref="ModelFactory"/> for
/// the training set, on first use for another (the one allocation after construction).
/// </summary>
public abstract class FeedForwardModel : IModel<float>, IHasParameterLayout
{
    /// <summary>Rows per chunk: bounds the scratch whatever the batch; per-row kernels gain nothing from more.</summary>
    public const int MaxChunkRows = 128;

    /// <summary>A weight matrix larger than this (32 KB, most of a typical L1) takes the column-wise gradient.</summary>
    private const int L1Floats = 8 * 1024;

    private readonly DenseLayer[] _layers;
    private readonly Activation _activation;
    private readonly double _l2;
    private readonly int _chunkRows;
    private readonly int[] _labels;
    // Vector rows start on cache lines when the widths are multiples of 16 (AlignedMemory).
    private readonly Memory<float>[] _outputs; // per layer, chunk × outputs: after the activation; the last holds logits
    private readonly Memory<float>[] _deltas;  // per layer, chunk × outputs: ∂loss/∂(pre-activation)
    private readonly int[][] _inputIndices;    // per layer, the non-zeros of its chunk of input rows and a 1 for the bias, packed
    private readonly float[][] _inputValues;
    private readonly int[][] _inputStarts;     // per layer, chunk + 1 offsets into the packed non-zeros
    private readonly Memory<float>[] _transposed; // per layer ≥ 1, Wᵀ (outputs × inputs) for the input gradient δ·Wᵀ
    private readonly int[] _deltaIndices;      // the non-zeros of a chunk of δ rows, packed, for δ·Wᵀ
    private readonly float[] _deltaValues;
    private readonly int[] _deltaStarts;
    private readonly int[] _columnStarts;      // a layer's chunk of inputs by column (one per input, one for the bias)
    private readonly int[] _columnRows;
    private readonly float[] _columnValues;

    private protected FeedForwardModel(
        int features, IReadOnlyList<int> hidden, int classes, Activation activation, double l2, int maxBatchRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchRows, 1);
        if (!(l2 >= 0 && double.IsFinite(l2))) throw new ArgumentOutOfRangeException(nameof(l2), l2, "l2 must be finite and ≥ 0.");
        foreach (var h in hidden) ArgumentOutOfRangeException.ThrowIfLessThan(h, 1, nameof(hidden));

        _layers = DenseLayer.Stack([features, .. hidden, classes]);
        _activation = activation;
        _l2 = l2;
        Features = features;
        Classes = classes;
        ParameterCount = _layers[^1].End;
        Layout = BuildLayout(_layers);

        // Very wide inputs (a CSV with 10⁶ columns) get shorter chunks: each scratch buffer stays within 4M entries.
        int widestInput = _layers.Max(l => l.Inputs);
        _chunkRows = Math.Max(1, Math.Min(Math.Min(maxBatchRows, MaxChunkRows), (1 << 22) / (widestInput + 1)));
        _labels = new int[_chunkRows];
        _outputs = _layers.Select(l => AlignedMemory.Allocate<float>(_chunkRows * l.Outputs)).ToArray();
        _deltas = _layers.Select(l => AlignedMemory.Allocate<float>(_chunkRows * l.Outputs)).ToArray();
        _inputIndices = _layers.Select(l => new int[_chunkRows * (l.Inputs + 1)]).ToArray();
        _inputValues = _layers.Select(l => new float[_chunkRows * (l.Inputs + 1)]).ToArray();
        _inputStarts = _layers.Select(_ => new int[_chunkRows + 1]).ToArray();
        _transposed = _layers.Select((l, i) => i == 0 ? Memory<float>.Empty : AlignedMemory.Allocate<float>(l.WeightCount)).ToArray();
        int widestDelta = _layers.Skip(1).Select(l => l.Outputs).DefaultIfEmpty(0).Max();
        _deltaIndices = new int[_chunkRows * widestDelta];
        _deltaValues = new float[_chunkRows * widestDelta];
        _deltaStarts = new int[_chunkRows + 1];
        _columnStarts = new int[widestInput + 2];
        _columnRows = new int[_chunkRows * (widestInput + 1)];
        _columnValues = new float[_chunkRows * (widestInput + 1)];
    }

    public int Features { get; }

    public int Classes { get; }

    public double L2 => _l2;

    public int ParameterCount { get; }

    /// <summary>Per layer l: "weight"/"bias" for a single layer, else "layers.{l}.weight" [in][out] and "layers.{l}.bias".</summary>
    public ParameterLayout Layout { get; }

    private protected IReadOnlyList<DenseLayer> Layers => _layers;

    public abstract void Initialize(Span<float> parameters, int seed);

    public double LossAndGradient(ReadOnlySpan<float> parameters, Dataset data, ReadOnlySpan<int> rows, Span<float> gradient)
    {
        Check(parameters, data);
        if (gradient.Length != ParameterCount)
            throw new ArgumentException($"gradient has {gradient.Length} values, the model {ParameterCount}.", nameof(gradient));
        if (rows.IsEmpty) throw new ArgumentException("A batch needs at least one row.", nameof(rows));

        StartGradient(parameters, gradient);
        for (int l = 1; l < _layers.Length; l++)
            Transpose.Run(_layers[l].Weights(parameters), _layers[l].Inputs, _layers[l].Outputs, _transposed[l].Span);

        float scale = 1f / rows.Length;
        double loss = 0;
        for (int start = 0; start < rows.Length; start += _chunkRows)
        {
            var chunk = rows.Slice(start, Math.Min(_chunkRows, rows.Length - start));
            Forward(parameters, data, chunk);
            loss += SoftmaxCrossEntropy.Apply(_outputs[^1].Span, Classes, _labels.AsSpan(0, chunk.Length), scale, _deltas[^1].Span, out _);
            Backward(gradient, chunk.Length);
        }
        return loss / rows.Length + Penalty(parameters);
    }

    /// <summary>The mean loss over the rows (l2 included); NaN for no rows.</summary>
    public double Loss(ReadOnlySpan<float> parameters, Dataset data, ReadOnlySpan<int> rows) =>
        Evaluate(parameters, data, rows).Loss;

    /// <summary>Mean loss (l2 included) and the fraction of rows whose largest logit is the label; NaN for no rows.</summary>
    public Evaluation Evaluate(ReadOnlySpan<float> parameters, Dataset data, ReadOnlySpan<int> rows)
    {
        Check(parameters, data);
        if (rows.IsEmpty) return new Evaluation(double.NaN, double.NaN);
        double loss = 0;
        long correct = 0;
        for (int start = 0; start < rows.Length; start += _chunkRows)
        {
            var chunk = rows.Slice(start, Math.Min(_chunkRows, rows.Length - start));
            Forward(parameters, data, chunk);
            loss += SoftmaxCrossEntropy.Apply(_outputs[^1].Span, Classes, _labels.AsSpan(0, chunk.Length), 1f, _deltas[^1].Span, out int c);
            correct += c;
        }
        return new Evaluation(loss / rows.Length + Penalty(parameters), (double)correct / rows.Length);
    }

    private void Check(ReadOnlySpan<float> parameters, Dataset data)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException($"parameters has {parameters.Length} values, the model {ParameterCount}.", nameof(parameters));
        if (data.Features != Features)
            throw new ArgumentException($"Data '{data.Name}' has {data.Features} features, the model {Features}.", nameof(data));
        if (data.Labels is null)
            throw new ArgumentException($"Data '{data.Name}' has no class labels.", nameof(data));
    }

    // The l2 term's gradient l2·W is the starting value, which saves a separate pass to clear the gradient.
    private void StartGradient(ReadOnlySpan<float> parameters, Span<float> gradient)
    {
        if (_l2 == 0)
        {
            gradient.Clear();
            return;
        }
        foreach (var layer in _layers)
        {
            VectorMath.Multiply(layer.Weights(parameters), (float)_l2, layer.Weights(gradient));
            layer.Bias(gradient).Clear();
        }
    }

    private double Penalty(ReadOnlySpan<float> parameters)
    {
        if (_l2 == 0) return 0;
        double sum = 0;
        foreach (var layer in _layers) sum += VectorMath.SumOfSquares(layer.Weights(parameters));
        return 0.5 * _l2 * sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward(ReadOnlySpan<float> parameters, Dataset data, ReadOnlySpan<int> chunk)
    {
        int m = chunk.Length;
        var sparse = SparseRows.For(data);
        var labels = data.Labels!;
        for (int r = 0; r < m; r++)
        {
            int row = chunk[r];
            if ((uint)row >= (uint)data.Rows)
                throw new ArgumentOutOfRangeException(nameof(chunk), row, $"Row index outside data '{data.Name}' ({data.Rows} rows).");
            int label = labels[row];
            if ((uint)label >= (uint)Classes)
                throw new ArgumentException($"Row {row} of data '{data.Name}' has label {label}, the model {Classes} classes.", nameof(data));
            _labels[r] = label;
        }

        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var matrix = layer.Matrix(parameters);
            var indices = _inputIndices[l];
            var values = _inputValues[l];
            var starts = _inputStarts[l];
            var output = _outputs[l].Span;
            var input = l == 0 ? default : _outputs[l - 1].Span;
            // All of the chunk's rows are requested before any is copied: shuffled rows defeat the hardware prefetcher,
            // and asking for the whole chunk at once gives each row the longest time to arrive.
            if (l == 0 && sparse is not null)
                for (int r = 0; r < m; r++) sparse.Prefetch(chunk[r]);
            int packed = 0;
            for (int r = 0; r < m; r++)
            {
                starts[r] = packed;
                int count;
                if (l == 0 && sparse is not null)
                {
                    var known = sparse.Indices(chunk[r]);
                    known.CopyTo(indices.AsSpan(packed));
                    sparse.Values(chunk[r]).CopyTo(values.AsSpan(packed));
                    count = known.Length;
                }
                else
                {
                    ReadOnlySpan<float> x = l == 0
                        ? data.X.AsSpan(chunk[r] * Features, Features)
                        : input.Slice(r * layer.Inputs, layer.Inputs);
                    if (l == 0 && r + 1 < m) Prefetch.Range(data.X.AsSpan(chunk[r + 1] * Features, Features));
                    count = NonZeros.Gather(x, indices.AsSpan(packed, layer.Inputs), values.AsSpan(packed, layer.Inputs));
                }
                indices[packed + count] = layer.Inputs;
                values[packed + count] = 1f;
                packed += count + 1;
            }
            starts[m] = packed;
            var y = output[..(m * layer.Outputs)];
            y.Clear();
            SparseVectorMatrix.MultiplyAddRows(starts.AsSpan(0, m + 1), indices, values, matrix, y);
            if (l < _layers.Length - 1)
            {
                if (_activation == Activation.Relu) Activations.Relu(y, y);
                else Activations.Tanh(y, y);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Backward(Span<float> gradient, int m)
    {
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            var layer = _layers[l];
            var matrixGradient = layer.Matrix(gradient);
            var delta = _deltas[l].Span[..(m * layer.Outputs)];
            var indices = _inputIndices[l];
            var values = _inputValues[l];
            var starts = _inputStarts[l];
            if (matrixGradient.Length > L1Floats)
            {
                // dW += Xᵀ·δ by input column: each weight row is summed in registers and written once per chunk
                // instead of once per non-zero, since the rows do not stay in L1 between one use and the next.
                var columnStarts = _columnStarts.AsSpan(0, layer.Inputs + 2);
                SparseTranspose.ToColumns(starts.AsSpan(0, m + 1), indices, values, columnStarts, _columnRows, _columnValues);
                SparseColumnProduct.Add(columnStarts, _columnRows, _columnValues, delta, matrixGradient);
            }
            else
            {
                SparseOuterProduct.AddRows(starts.AsSpan(0, m + 1), indices, values, delta, matrixGradient);
            }
            if (l == 0) break;

            var previous = _deltas[l - 1].Span;
            var transposed = _transposed[l].Span;
            int packed = 0;
            for (int r = 0; r < m; r++)
            {
                _deltaStarts[r] = packed;
                packed += NonZeros.Gather(
                    delta.Slice(r * layer.Outputs, layer.Outputs), _deltaIndices.AsSpan(packed, layer.Outputs), _deltaValues.AsSpan(packed, layer.Outputs));
            }
            _deltaStarts[m] = packed;
            var inputGradient = previous[..(m * layer.Inputs)];
            inputGradient.Clear();
            SparseVectorMatrix.MultiplyAddRows(_deltaStarts.AsSpan(0, m + 1), _deltaIndices, _deltaValues, transposed, inputGradient);
            var output = _outputs[l - 1].Span[..(m * layer.Inputs)];
            var p = previous[..(m * layer.Inputs)];
            if (_activation == Activation.Relu) Activations.ReluBackward(output, p, p);
            else Activations.TanhBackward(output, p, p);
        }
    }

    private static ParameterLayout BuildLayout(DenseLayer[] layers)
    {
        var blocks = new List<ParameterBlock>();
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            string prefix = layers.Length == 1 ? "" : $"layers.{l}.";
            blocks.Add(new ParameterBlock(prefix + "weight", ParameterRole.Weight, layer.Offset, layer.Inputs, layer.Outputs));
            blocks.Add(new ParameterBlock(prefix + "bias", ParameterRole.Bias, layer.BiasOffset, 1, layer.Outputs));
        }
        return new ParameterLayout(blocks);
    }
}
