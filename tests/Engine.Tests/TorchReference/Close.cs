namespace SweepCluster.Engine.Tests.TorchReference;

/// <summary>Relative comparison with an absolute floor, failing with the step and quantity that disagreed.</summary>
public static class Close
{
    public const double Relative = 1e-9;
    public const double Absolute = 1e-12;

    public static bool Within(double expected, double actual, double relative = Relative, double absolute = Absolute) =>
        Math.Abs(expected - actual) <= Math.Max(relative * Math.Abs(expected), absolute);

    public static void Equal(double expected, double actual, string what, double relative = Relative, double absolute = Absolute)
    {
        if (!Within(expected, actual, relative, absolute))
            Assert.Fail($"{what}: expected {expected:R}, got {actual:R} (relative error {Math.Abs(expected - actual) / Math.Abs(expected):E2}).");
    }

    /// <summary>Every step's rate and loss, then the final parameters (relative to the largest of them).</summary>
    public static void Trajectory(TorchCase c, QuadraticTrajectory actual)
    {
        for (var t = 0; t < c.Expected.Count; t++)
        {
            Equal(c.Expected[t].LearningRate, actual.LearningRates[t], $"{c.Name} step {t} learningRate");
            Equal(c.Expected[t].TrainLoss, actual.Losses[t], $"{c.Name} step {t} trainLoss");
        }
        var scale = c.FinalParameters.Max(Math.Abs);
        for (var i = 0; i < c.FinalParameters.Length; i++)
            Equal(c.FinalParameters[i], actual.FinalParameters[i], $"{c.Name} final x[{i}]", absolute: Relative * scale);
    }
}
