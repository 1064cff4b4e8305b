using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Data;

public sealed class MnistExportTests
{
    [Theory]
    [InlineData(8000, 2000, 0)] // a spec that leaves data sizes and training.seed out
    [InlineData(300, 120, 7)]
    public void TheFilesHoldTheSplitOfSourceMnistForTheSameSizesAndSeed(int trainSize, int validationSize, int seed)
    {
        using var dir = new TempDirectory();

        var files = MnistExport.Write(dir.Path, trainSize, validationSize, seed);

        Assert.Equal([MnistExport.TrainImages, MnistExport.TrainLabels, MnistExport.TestImages, MnistExport.TestLabels], files.Select(Path.GetFileName));
        var split = DataLoader.Load(new MnistDataSpec(trainSize, validationSize), seed);
        AssertRows(IdxReader.Read(files[0], files[1]), split.Train, split.TrainRows);
        AssertRows(IdxReader.Read(files[2], files[3]), split.Validation, split.ValidationRows);
    }

    [Fact]
    public void TheFilesAreUncompressedIdxWithTheStandardHeaders()
    {
        using var dir = new TempDirectory();
        var files = MnistExport.Write(dir.Path, 50, 20, 1);

        byte[] images = File.ReadAllBytes(files[0]);
        byte[] labels = File.ReadAllBytes(files[3]);

        Assert.Equal([0, 0, 8, 3, 0, 0, 0, 50, 0, 0, 0, 28, 0, 0, 0, 28], images[..16]);
        Assert.Equal(16 + 50 * 784, images.Length);
        Assert.Equal([0, 0, 8, 1, 0, 0, 0, 20], labels[..8]);
        Assert.Equal(8 + 20, labels.Length);
    }

    [Fact]
    public void SizesBeyondTheBundledDigitsAreRefusedNamingTheField()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InputException>(() => MnistExport.Write(dir.Path, 9000, 2000, 0));
        Assert.Contains("data.trainSize + data.validationSize is 9000 + 2000", e.Message);
    }

    private static void AssertRows(Dataset written, Dataset source, int[] rows)
    {
        Assert.Equal(rows.Length, written.Rows);
        Assert.Equal(source.Features, written.Features);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(source.Labels![rows[i]], written.Labels![i]);
            Assert.True(source.Row(rows[i]).SequenceEqual(written.Row(i)), $"image {i} differs from row {rows[i]}");
        }
    }
}
