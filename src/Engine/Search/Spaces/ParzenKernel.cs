namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// One dimension's factor of a multivariate Parzen estimator: component k (observation k, the prior last) has its own
/// kernel; a component's density is the product of its kernels over the dimensions.
/// </summary>
internal abstract class ParzenKernel
{
    /// <summary>Adds each component's log-density (log-mass for discrete kernels) at model-space <paramref name="x"/> to <paramref name="componentLogPdf"/>.</summary>
    public abstract void AddLogDensity(double x, Span<double> componentLogPdf);

    /// <summary>A model-space draw from component <paramref name="component"/>, from the uniform <paramref name="u"/>.</summary>
    public abstract double Sample(int component, double u);
}
