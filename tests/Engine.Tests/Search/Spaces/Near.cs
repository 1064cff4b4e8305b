namespace SweepCluster.Engine.Tests.Search.Spaces;

/// <summary>Element-wise comparison of sequences within an absolute tolerance, naming the first element that differs.</summary>
internal static class Near
{
    public static void Equal(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance, string what = "element")
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
                Assert.Fail($"{what} {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance:R}).");
    }
}
