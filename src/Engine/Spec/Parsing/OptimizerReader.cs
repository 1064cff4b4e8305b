namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// Reads <c>optimizer</c> (docs/spec.md optimizer) with torch.optim's defaults and the checks its constructors make,
/// so a spec PyTorch would refuse is refused here too, with the field's name.
/// </summary>
internal static class OptimizerReader
{
    public static readonly string[] Kinds = ["sgd", "adagrad", "rmsprop", "adam", "adamw", "adadelta"];

    // PyTorch only refuses a negative momentum; at 1 or more the velocity never forgets a gradient and grows without bound.
    private static readonly Rule Momentum = Must.Within(0, 1, lowOpen: false, highOpen: true);

    public static string KindOf(OptimizerSpec optimizer) => optimizer switch
    {
        SgdSpec => "sgd",
        AdagradSpec => "adagrad",
        RmsPropSpec => "rmsprop",
        AdamSpec => "adam",
        AdamWSpec => "adamw",
        AdadeltaSpec => "adadelta",
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer)),
    };

    /// <summary>torch.optim's default lr, where it has one (SGD has none).</summary>
    public static double? DefaultLearningRate(OptimizerSpec optimizer) => optimizer switch
    {
        AdadeltaSpec => 1.0,
        AdagradSpec or RmsPropSpec => 0.01,
        AdamSpec or AdamWSpec => 0.001,
        _ => null,
    };

    /// <summary>The optimizer as written; <see cref="OptimizerSpec.LearningRate"/> stays null when left out (the caller decides).</summary>
    public static OptimizerSpec? Read(SpecObject o)
    {
        var kind = o.Kind("kind", Kinds, "an optimizer kind");
        if (kind is null) return null;
        o.What = $"the {kind} optimizer";
        var learningRate = o.OptionalDouble("learningRate", Must.Positive);
        var learningRateOk = learningRate is not null || !o.Has("learningRate");
        var weightDecay = o.Double("weightDecay", kind == "adamw" ? 0.01 : 0, Must.NonNegative);
        var optimizer = kind switch
        {
            "sgd" => Sgd(o),
            "adagrad" => Adagrad(o),
            "rmsprop" => RmsProp(o),
            "adam" or "adamw" => Adam(o, kind),
            _ => Adadelta(o),
        };
        o.RejectUnknown();
        return optimizer is null || !learningRateOk || weightDecay is null
            ? null
            : optimizer with { LearningRate = learningRate, WeightDecay = weightDecay.Value };
    }

    private static SgdSpec? Sgd(SpecObject o)
    {
        var momentum = o.Double("momentum", 0, Momentum);
        // PyTorch does not check dampening, but outside [0, 1] it turns the gradient's share of the buffer negative.
        var dampening = o.Double("dampening", 0, Must.Closed(0, 1));
        var nesterov = o.Bool("nesterov", false);
        if (momentum is null || dampening is null || nesterov is null) return null;
        if (nesterov.Value && (momentum <= 0 || dampening != 0))
        {
            var found = momentum <= 0 ? $"momentum is {ValueText.Number(momentum.Value)}" : $"dampening is {ValueText.Number(dampening.Value)}";
            o.Problems.Add(o.At("nesterov"), $"true is not allowed here; nesterov needs momentum > 0 and dampening = 0 (as in PyTorch), but {found}");
            return null;
        }
        return new SgdSpec(momentum.Value, dampening.Value, nesterov.Value);
    }

    private static AdagradSpec? Adagrad(SpecObject o)
    {
        var eps = o.Double("eps", 1e-10, Must.NonNegative);
        var initialAccumulator = o.Double("initialAccumulator", 0, Must.NonNegative);
        var lrDecay = o.Double("lrDecay", 0, Must.NonNegative);
        return eps is null || initialAccumulator is null || lrDecay is null ? null : new AdagradSpec(eps.Value, initialAccumulator.Value, lrDecay.Value);
    }

    private static RmsPropSpec? RmsProp(SpecObject o)
    {
        var alpha = o.Double("alpha", 0.99, Must.NonNegative);
        var eps = o.Double("eps", 1e-8, Must.NonNegative);
        var momentum = o.Double("momentum", 0, Momentum);
        var centered = o.Bool("centered", false);
        return alpha is null || eps is null || momentum is null || centered is null
            ? null
            : new RmsPropSpec(alpha.Value, eps.Value, momentum.Value, centered.Value);
    }

    private static OptimizerSpec? Adam(SpecObject o, string kind)
    {
        var beta1 = o.Double("beta1", 0.9, Must.Within(0, 1, lowOpen: false, highOpen: true));
        var beta2 = o.Double("beta2", 0.999, Must.Within(0, 1, lowOpen: false, highOpen: true));
        var eps = o.Double("eps", 1e-8, Must.NonNegative);
        var amsgrad = o.Bool("amsgrad", false);
        if (beta1 is null || beta2 is null || eps is null || amsgrad is null) return null;
        return kind == "adamw"
            ? new AdamWSpec(beta1.Value, beta2.Value, eps.Value, amsgrad.Value)
            : new AdamSpec(beta1.Value, beta2.Value, eps.Value, amsgrad.Value);
    }

    private static AdadeltaSpec? Adadelta(SpecObject o)
    {
        var rho = o.Double("rho", 0.9, Must.Closed(0, 1));
        var eps = o.Double("eps", 1e-6, Must.NonNegative);
        return rho is null || eps is null ? null : new AdadeltaSpec(rho.Value, eps.Value);
    }
}
