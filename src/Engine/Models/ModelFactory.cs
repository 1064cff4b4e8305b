using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Models;

/// <summary>Builds the float32 data models of docs/spec.md; the quadratic is built with <c>new QuadraticModel(spec)</c>.</summary>
public static class ModelFactory
{
    /// <summary>Parameter vectors beyond this are refused as a spec mistake rather than an out-of-memory crash.</summary>
    public const long MaxParameters = 100_000_000;

    /// <summary>
    /// The model for <paramref name="spec"/> over data shaped like <paramref name="train"/>, with scratch for batches of
    /// <paramref name="maxBatchRows"/> rows (larger batches and full-data evaluations still work, in chunks).
    /// Throws <see cref="InputException"/> naming model.kind (or the field) when the model cannot fit the data.
    /// </summary>
    public static IModel<float> Create(ModelSpec spec, Dataset train, int maxBatchRows)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchRows, 1);
        if (spec is QuadraticModelSpec)
            throw new ArgumentException("The quadratic is float64 and has no data: create it with new QuadraticModel(spec).", nameof(spec));
        if (!(spec.L2 >= 0 && double.IsFinite(spec.L2)))
            throw new InputException($"model.l2 is {spec.L2}: it must be a finite number ≥ 0.");
        if (train.Features < 1)
            throw new InputException($"model.kind '{Kind(spec)}' needs input features, and data '{train.Name}' has none.");

        IModel<float> model = spec switch
        {
            LeastSquaresModelSpec s => new LeastSquaresModel(train.Features, s.L2),
            LogisticModelSpec s => CreateLogistic(s, train),
            SoftmaxModelSpec s => new SoftmaxModel(train.Features, Classes(s, train), s.L2, maxBatchRows),
            MlpModelSpec s => CreateMlp(s, train, maxBatchRows),
            _ => throw new InputException($"model.kind '{Kind(spec)}' is not a data model."),
        };
        // Built here rather than in the first training step: the shared sparse copy of the training rows.
        if (model is FeedForwardModel) Prepare(train);
        return model;
    }

    /// <summary>
    /// Builds now, rather than on first use, what the models share about a data set (its sparse copy when it is at
    /// most 25% non-zero): call it for a validation set so that its first evaluation allocates nothing.
    /// </summary>
    public static void Prepare(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SparseRows.For(data);
    }

    private static LogisticModel CreateLogistic(LogisticModelSpec spec, Dataset train)
    {
        if (train.Labels is not null && train.Classes > 2)
            throw new InputException(
                $"model.kind 'logistic' is binary, and data '{train.Name}' has {train.Classes} classes: use 'softmax' for more than two.");
        if (train.Targets is { } targets)
            for (int i = 0; i < targets.Length; i++)
                if (!(targets[i] >= 0 && targets[i] <= 1))
                    throw new InputException(
                        $"model.kind 'logistic' needs targets in [0, 1], and row {i} of data '{train.Name}' has {targets[i]}: use 'least-squares' for regression.");
        return new LogisticModel(train.Features, spec.L2);
    }

    private static MlpModel CreateMlp(MlpModelSpec spec, Dataset train, int maxBatchRows)
    {
        if (spec.Hidden is null)
            throw new InputException("model.hidden must be a list of layer sizes, e.g. [128].");
        long count = 0, inputs = train.Features;
        for (int i = 0; i < spec.Hidden.Length; i++)
        {
            if (spec.Hidden[i] < 1)
                throw new InputException($"model.hidden[{i}] is {spec.Hidden[i]}: every layer needs at least 1 unit.");
            count += (inputs + 1) * spec.Hidden[i];
            inputs = spec.Hidden[i];
        }
        int classes = Classes(spec, train);
        count += (inputs + 1) * classes;
        if (count > MaxParameters)
            throw new InputException($"model.hidden {Format(spec.Hidden)} gives {count:N0} parameters on {train.Features} features; at most {MaxParameters:N0} are allowed.");
        if (!Enum.IsDefined(spec.Activation))
            throw new InputException($"model.activation '{spec.Activation}' is unknown: use 'relu' or 'tanh'.");
        return new MlpModel(train.Features, spec.Hidden, spec.Activation, classes, spec.L2, maxBatchRows);
    }

    private static int Classes(ModelSpec spec, Dataset train)
    {
        if (train.Labels is null)
            throw new InputException(
                $"model.kind '{Kind(spec)}' needs classification data, and data '{train.Name}' is a regression task: use 'least-squares'.");
        if (train.Classes < 2)
            throw new InputException($"model.kind '{Kind(spec)}' needs at least 2 classes, and data '{train.Name}' has {train.Classes}.");
        return train.Classes;
    }

    private static string Format(int[] sizes) => $"[{string.Join(", ", sizes)}]";

    internal static string Kind(ModelSpec spec) => spec switch
    {
        QuadraticModelSpec => "quadratic",
        LeastSquaresModelSpec => "least-squares",
        LogisticModelSpec => "logistic",
        SoftmaxModelSpec => "softmax",
        MlpModelSpec => "mlp",
        _ => spec.GetType().Name,
    };
}
