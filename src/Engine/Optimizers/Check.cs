namespace SweepCluster.Engine.Optimizers;

/// <summary>The argument checks torch.optim makes in its constructors, plus span lengths at each step.</summary>
internal static class Check
{
    /// <summary>Both spans must match the size the optimizer's state was allocated for.</summary>
    public static void Lengths(int parameters, int gradient, int stateLength)
    {
        if (parameters != stateLength)
            throw new ArgumentException($"Expected {stateLength} parameters, got {parameters}.", "parameters");
        if (gradient != stateLength)
            throw new ArgumentException($"Expected a gradient of {stateLength} values, got {gradient}.", "gradient");
    }

    public static void NonNegative(double value, string name)
    {
        // !(value >= 0) also rejects NaN, as PyTorch's "0.0 <= value" does.
        if (!(value >= 0))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be >= 0.");
    }

    /// <summary>PyTorch's "0.0 &lt;= beta &lt; 1.0" (or &lt;= 1.0 when <paramref name="oneAllowed"/>).</summary>
    public static void UnitInterval(double value, string name, bool oneAllowed)
    {
        if (!(value >= 0) || (oneAllowed ? value > 1 : value >= 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1{(oneAllowed ? "]" : ")")}.");
    }

    public static void Count(int parameterCount)
    {
        if (parameterCount < 0)
            throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "parameterCount must be >= 0.");
    }
}
