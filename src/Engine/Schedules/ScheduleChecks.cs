namespace SweepCluster.Engine.Schedules;

/// <summary>The argument checks PyTorch's scheduler constructors make, with the spec field's name.</summary>
internal static class ScheduleChecks
{
    public static void Positive(long value, string name)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive integer.");
    }

    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number.");
    }

    public static void Clock(long t)
    {
        if (t < 0)
            throw new ArgumentOutOfRangeException(nameof(t), t, "The schedule's clock starts at 0.");
    }
}
