using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

/// <summary>Builds a <see cref="ParzenEstimator"/> over every dimension of a space from observations given as coordinates.</summary>
internal static class Parzen
{
    /// <summary>Densities that integrate to one: what the hand-computed cases are worked out for.</summary>
    public static TpeSettings Normalised { get; } = new() { OmitKernelScale = false };

    public static ParzenEstimator For(SearchSpace space, IReadOnlyList<double[]> observations, TpeSettings? settings = null)
    {
        var model = space.Dimensions.Select(d => new ModelDimension(d)).ToArray();
        var columns = model.Select((m, j) => observations.Select(o => m.ToModel(o[j])).ToArray()).ToArray();
        return new ParzenEstimator(model, columns, observations.Count, settings ?? Normalised);
    }

    public static double LogPdf(this ParzenEstimator estimator, params double[] coordinates) =>
        estimator.LogPdf(coordinates, new double[estimator.Components]);

    public static GaussianKernel Gaussian(this ParzenEstimator estimator, int dimension) => (GaussianKernel)estimator.Kernel(dimension);

    public static CategoricalKernel Categorical(this ParzenEstimator estimator, int dimension) => (CategoricalKernel)estimator.Kernel(dimension);
}
