namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>A check on a finite number: null when the value is allowed, else what is allowed ("must be ≥ 0").</summary>
internal delegate string? Rule(double value);

/// <summary>The value checks used across the spec, worded the same everywhere.</summary>
internal static class Must
{
    public static readonly Rule Positive = v => v > 0 ? null : "must be > 0";
    public static readonly Rule NonNegative = AtLeast(0);
    public static readonly Rule Anything = _ => null;

    public static Rule AtLeast(double min) => v => v >= min ? null : $"must be ≥ {ValueText.Number(min)}";

    public static Rule Above(double min) => v => v > min ? null : $"must be > {ValueText.Number(min)}";

    /// <summary>An interval, written as mathematicians do: (0, 1) open, [0, 1] closed.</summary>
    public static Rule Within(double low, double high, bool lowOpen, bool highOpen) => v =>
        (lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high)
            ? null
            : $"must be in {(lowOpen ? '(' : '[')}{ValueText.Number(low)}, {ValueText.Number(high)}{(highOpen ? ')' : ']')}";

    public static Rule Open(double low, double high) => Within(low, high, true, true);

    public static Rule Closed(double low, double high) => Within(low, high, false, false);
}
