using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Models;

/// <summary>Builds the float32 data models of docs/spec.md; the quadratic is built with <c>new QuadraticModel(spec)</c>.</summary>
public static class ModelFactory
{
    /// <summary>
    /// The model for <paramref name="spec"/> over data shaped like <paramref name="train"/>, with scratch for batches of
    /// <paramref name="maxBatchRows"/> rows (larger batches and full-data evaluations still work, in chunks).
    /// Throws <see cref="InputException"/> naming model.kind (or the field) when the model cannot fit the data.
    /// </summary>
    public static IModel<float> Create(ModelSpec spec, Dataset train, int maxBatchRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchRows, 1);
        Check(spec, train);

        IModel<float> model = spec switch
        {
            LeastSquaresModelSpec s => new LeastSquaresModel(train.Features, s.L2),
            LogisticModelSpec s => CreateLogistic(s, train),
            SoftmaxModelSpec s => new SoftmaxModel(train.Features, train.Classes, s.L2, maxBatchRows),
            MlpModelSpec s => CreateMlp(s, train, maxBatchRows),
            _ => throw new InputException($"model.kind '{Kind(spec)}' is not a data model."),
        };
        // Built here rather than in the first training step: the shared sparse copy of the training rows.
        if (model is FeedForwardModel) Prepare(train);
        return model;
    }

    /// <summary>
    /// Every check <see cref="Create"/> makes, without building the model: whether it fits the data and is within
    /// <see cref="SpecLimits.MaxModelParameters"/>. Throws <see cref="InputException"/> naming the field.
    /// </summary>
    public static void Check(ModelSpec spec, Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        Check(spec, new DataShape(train.Name, train.Features, train.Labels is null ? 0 : train.Classes, train.Labels is not null));
        if (spec is LogisticModelSpec && train.Targets is { } targets)
            for (int i = 0; i < targets.Length; i++)
                if (!(targets[i] >= 0 && targets[i] <= 1))
                    throw new InputException(
                        $"model.kind 'logistic' needs targets in [0, 1], and row {i} of data '{train.Name}' has {targets[i]}: use 'least-squares' for regression.");
    }

    /// <summary>The checks that need only the data's shape (synthetic data is checked this way without generating it).</summary>
    public static void Check(ModelSpec spec, DataShape shape)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(shape);
        if (spec is QuadraticModelSpec)
            throw new ArgumentException("The quadratic is float64 and has no data: create it with new QuadraticModel(spec).", nameof(spec));
        if (!(spec.L2 >= 0 && double.IsFinite(spec.L2)))
            throw new InputException($"model.l2 is {spec.L2}: it must be a finite number ≥ 0.");
        if (shape.Features < 1)
            throw new InputException($"model.kind '{Kind(spec)}' needs input features, and data '{shape.Name}' has none.");
        switch (spec)
        {
            case LogisticModelSpec when shape.Classification && shape.Classes > 2:
                throw new InputException(
                    $"model.kind 'logistic' is binary, and data '{shape.Name}' has {shape.Classes} classes: use 'softmax' for more than two.");
            case SoftmaxModelSpec:
                Classes(spec, shape);
                break;
            case MlpModelSpec mlp:
                CheckMlp(mlp, shape);
                break;
        }
        ModelSize.Check(spec, shape.Features, shape.Classes, shape.Name);
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

    private static LogisticModel CreateLogistic(LogisticModelSpec spec, Dataset train) => new(train.Features, spec.L2);

    private static void CheckMlp(MlpModelSpec spec, DataShape shape)
    {
        if (spec.Hidden is null)
            throw new InputException("model.hidden must be a list of layer sizes, e.g. [128].");
        for (int i = 0; i < spec.Hidden.Length; i++)
            if (spec.Hidden[i] < 1)
                throw new InputException($"model.hidden[{i}] is {spec.Hidden[i]}: every layer needs at least 1 unit.");
        Classes(spec, shape);
        if (!Enum.IsDefined(spec.Activation))
            throw new InputException($"model.activation '{spec.Activation}' is unknown: use 'relu' or 'tanh'.");
    }

    private static MlpModel CreateMlp(MlpModelSpec spec, Dataset train, int maxBatchRows) =>
        new(train.Features, spec.Hidden, spec.Activation, train.Classes, spec.L2, maxBatchRows);

    private static int Classes(ModelSpec spec, DataShape shape)
    {
        if (!shape.Classification)
            throw new InputException(
                $"model.kind '{Kind(spec)}' needs classification data, and data '{shape.Name}' is a regression task: use 'least-squares'.");
        if (shape.Classes < 2)
            throw new InputException($"model.kind '{Kind(spec)}' needs at least 2 classes, and data '{shape.Name}' has {shape.Classes}.");
        return shape.Classes;
    }

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
