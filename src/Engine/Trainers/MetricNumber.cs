using System.Globalization;

namespace SweepCluster.Engine.Trainers;

/// <summary>Reads a number a program printed, in C's, Python's or .NET's spelling, including nan, inf and Infinity.</summary>
internal static class MetricNumber
{
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        bool negative = text.StartsWith("-");
        var body = text.TrimStart("+-");
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        value = 0;
        return false;
    }
}
