namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads <c>model</c> (docs/spec.md model), whole at the top level or as an arm's partial override.</summary>
internal static class ModelReader
{
    public static readonly string[] Kinds = ["quadratic", "least-squares", "logistic", "softmax", "mlp"];

    /// <summary>The models whose outputs are class scores, so that accuracy means something.</summary>
    public static bool IsClassifier(ModelSpec model) => model is LogisticModelSpec or SoftmaxModelSpec or MlpModelSpec;

    public static string KindOf(ModelSpec model) => model switch
    {
        QuadraticModelSpec => "quadratic",
        LeastSquaresModelSpec => "least-squares",
        LogisticModelSpec => "logistic",
        SoftmaxModelSpec => "softmax",
        MlpModelSpec => "mlp",
        ProgramModelSpec => "program",
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    /// <summary>
    /// The model, or null after problems. With a <paramref name="baseline"/> (an arm), the fields named override the
    /// baseline's and the kind may be left out; naming a different kind replaces the whole model.
    /// </summary>
    public static ModelSpec? Read(SpecObject o, ModelSpec? baseline)
    {
        var kind = o.Kind("kind", Kinds, "a model kind", baseline is null ? null : KindOf(baseline));
        if (kind is null) return null;
        if (baseline is not null && KindOf(baseline) != kind) baseline = null;
        o.What = $"the {kind} model";
        ModelSpec? model = kind switch
        {
            "quadratic" => QuadraticReader.Read(o, baseline as QuadraticModelSpec),
            "least-squares" => WithL2(o, baseline, new LeastSquaresModelSpec()),
            "logistic" => WithL2(o, baseline, new LogisticModelSpec()),
            "softmax" => WithL2(o, baseline, new SoftmaxModelSpec()),
            _ => Mlp(o, baseline as MlpModelSpec),
        };
        o.RejectUnknown();
        return model;
    }

    private static ModelSpec? WithL2(SpecObject o, ModelSpec? baseline, ModelSpec model) =>
        o.Double("l2", baseline?.L2 ?? 0, Must.NonNegative) is { } l2 ? model with { L2 = l2 } : null;

    private static MlpModelSpec? Mlp(SpecObject o, MlpModelSpec? baseline)
    {
        var fallback = baseline ?? new MlpModelSpec();
        var hidden = o.Has("hidden") ? o.Ints("hidden", 1, SpecLimits.MaxHiddenWidth, required: false) : fallback.Hidden;
        var activation = o.Enum("activation", fallback.Activation, "an activation");
        var l2 = o.Double("l2", fallback.L2, Must.NonNegative);
        return hidden is null || activation is null || l2 is null ? null : new MlpModelSpec(hidden, activation.Value) { L2 = l2.Value };
    }
}
