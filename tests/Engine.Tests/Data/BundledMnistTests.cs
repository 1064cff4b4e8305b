using System.IO.Compression;
using System.Security.Cryptography;
using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Tests.Data;

/// <summary>
/// The expected figures are those tools/mnist/convert.mjs printed when it made the bundled files (tools/mnist/README.md):
/// they pin the exact bytes, so a rebuilt or corrupted resource is caught.
/// </summary>
public sealed class BundledMnistTests
{
    private static readonly int[] s_classCounts = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

    [Fact]
    public void ItHasTenThousandDigitsOf784PixelsInTenClasses()
    {
        var mnist = DataLoader.Mnist();
        Assert.Equal(10_000, mnist.Rows);
        Assert.Equal(784, mnist.Features);
        Assert.Equal(10, mnist.Classes);
        Assert.Null(mnist.Targets);
        var counts = new int[10];
        foreach (int label in mnist.Labels!) counts[label]++;
        Assert.Equal(s_classCounts, counts);
        Assert.All(counts, c => Assert.True(c >= 800));
    }

    [Fact]
    public void EveryPixelIsAGreyLevelInTheUnitIntervalAndTheChecksumMatchesTheConverter()
    {
        var mnist = DataLoader.Mnist();
        long byteSum = 0;
        foreach (float value in mnist.X)
        {
            Assert.InRange(value, 0f, 1f);
            float level = MathF.Round(value * 255f);
            Assert.Equal(level / 255f, value); // exactly byte / 255f: nothing was lost on the way
            byteSum += (long)level;
        }
        Assert.Equal(262_146_600, byteSum); // "pixel byte sum" printed by tools/mnist/convert.mjs
    }

    [Fact]
    public void TheEmbeddedBytesAreThoseTheConverterWrote()
    {
        // "sha256 images.idx3-ubyte / labels.idx1-ubyte (uncompressed)" printed by tools/mnist/convert.mjs.
        Assert.Equal("ade698554936827b010a4e560d914c35f3882bdf44122d9014d7cdaffe09d696", Sha256OfResource(BundledMnist.ImagesResource));
        Assert.Equal("9faa6b260cb6fd494d4ab18da210f03df1632337054ae246807f4a430fd070a5", Sha256OfResource(BundledMnist.LabelsResource));
    }

    [Fact]
    public void TheRowOrderIsTheDocumentedShuffleOfTheClassOrderedPackage()
    {
        // tools/mnist/README.md: rows of 0.json, 1.json, ... in turn, then SeededRandom(0x4D4E495354, 0).Shuffle.
        var order = Enumerable.Range(0, 10).SelectMany(digit => Enumerable.Repeat(digit, s_classCounts[digit])).ToArray();
        new SeededRandom(0x4D4E495354UL, 0UL).Shuffle(order.AsSpan());
        Assert.Equal(order, DataLoader.Mnist().Labels!);
        Assert.Equal(new[] { 1, 2, 1, 9, 7, 2, 8, 6, 0, 2, 0, 9, 0, 0, 6, 8, 3, 0, 9, 7 }, order[..20]);
    }

    [Fact]
    public void ReadingAgainGivesAnEqualTableAndTheLoaderCachesOne()
    {
        var fresh = BundledMnist.Read();
        Assert.Equal(DataLoader.Mnist().X, fresh.X);
        Assert.Same(DataLoader.Mnist(), DataLoader.Mnist());
        Assert.Same(DataLoader.Mnist(), DataLoader.LoadDataset(new Engine.Spec.MnistDataSpec(TrainSize: 100, ValidationSize: 50)));
    }

    private static string Sha256OfResource(string name)
    {
        using var resource = BundledMnist.OpenResource(name);
        using var gzip = new GZipStream(resource, CompressionMode.Decompress);
        return Convert.ToHexStringLower(SHA256.HashData(gzip));
    }
}
