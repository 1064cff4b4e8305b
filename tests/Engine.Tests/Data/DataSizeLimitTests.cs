using System.Buffers.Binary;
using System.IO.Compression;
using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Tests.Data;

/// <summary>
/// Data files that claim, or hold, more than memory allows are refused before the memory is taken: an IDX header is
/// checked against the file's real length (or the gzip trailer's) and the data set limit first, a CSV record is cut at
/// its limit, and a message quotes at most 80 characters of what the file holds.
/// </summary>
public sealed class DataSizeLimitTests
{
    // Far below anything the refused headers would have allocated.
    private const long FewBytes = 4 << 20;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ALabelFileClaimingTwoBillionLabelsIsRefusedWithoutAllocatingThem(bool gzip)
    {
        using var dir = new TempDirectory();
        var labels = IdxFiles.Labels([1, 2, 3], count: int.MaxValue);
        var path = dir.Write("labels", gzip ? IdxFiles.Gzip(labels) : labels);

        var (error, allocated) = Measure(() => IdxReader.ReadLabels(File.OpenRead(path), path));

        Assert.True(allocated < FewBytes, $"{allocated:N0} bytes allocated");
        Assert.Contains("declares 2,147,483,647 labels: more than the 2,048 MB a data set may take", error.Message);
    }

    [Fact]
    public void AnImageFileWhoseHeaderDeclaresMoreThanItHoldsIsRefusedBeforeTheBodyIsAllocated()
    {
        using var dir = new TempDirectory();
        var images = dir.Write("images", IdxFiles.Images(100_000, 28, 28, new byte[1000]));
        var labels = dir.Write("labels", IdxFiles.Labels(new byte[100_000]));

        var (error, allocated) = Measure(() => IdxReader.Read(images, labels));

        Assert.True(allocated < FewBytes, $"{allocated:N0} bytes allocated");
        Assert.Contains("is truncated: the header declares 100,000 images of 28×28 pixels (78,400,000 bytes after the header) but only 1,000 follow", error.Message);
    }

    [Fact]
    public void AGzipBombOfOneHugeImageIsRefusedFromItsHeader()
    {
        using var dir = new TempDirectory();
        // One 40,000×40,000 image: 1.6 GB of zeros compressed to about 1.6 MB, 6.4 GB as floats.
        var path = dir.File("bomb.gz");
        WriteGzipBomb(path, 1, 40_000, 40_000);
        var labels = dir.Write("labels", IdxFiles.Labels([0]));
        Assert.True(new FileInfo(path).Length < 4 << 20);

        var (error, allocated) = Measure(() => IdxReader.Read(path, labels));

        Assert.True(allocated < FewBytes, $"{allocated:N0} bytes allocated");
        Assert.Contains("the header declares 1 images of 40000×40000 pixels: more than the 2,048 MB a data set may take in memory", error.Message);
    }

    [Fact]
    public void AGzipFileWhoseTrailerDisagreesWithItsHeaderIsRefusedBeforeTheBodyIsAllocated()
    {
        using var dir = new TempDirectory();
        // A header declaring 300,000 images with only 10 of them inside: the trailer tells before any decompression.
        var images = dir.Write("images.gz", IdxFiles.Gzip(IdxFiles.Images(300_000, 28, 28, new byte[10 * 784])));
        var labels = dir.Write("labels", IdxFiles.Labels(new byte[300_000]));

        var (error, allocated) = Measure(() => IdxReader.Read(images, labels));

        Assert.True(allocated < FewBytes, $"{allocated:N0} bytes allocated");
        Assert.Contains("is truncated", error.Message);
    }

    [Fact]
    public void AHugeCsvCellIsRefusedAtTheRecordLimitAndNotEchoed()
    {
        using var dir = new TempDirectory();
        var path = dir.File("huge.csv");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("a,b\n1,");
            var block = new string('9', 1 << 20);
            for (var i = 0; i < 20; i++) writer.Write(block);
            writer.Write("\n");
        }

        var error = Assert.Throws<DataFormatException>(() => CsvReader.Read(path));

        Assert.Contains("line 2: the record is longer than 16,777,216 characters", error.Message);
        Assert.True(error.Message.Length < 400, error.Message);
    }

    [Fact]
    public void ALongCellIsQuotedInEightyCharactersAtMost()
    {
        using var dir = new TempDirectory();
        var cell = "x" + new string('y', 10_000);
        var path = dir.Write("long.csv", $"a,b\n{cell},1\n");

        var error = Assert.Throws<DataFormatException>(() => CsvReader.Read(path));

        Assert.Contains("\"x" + new string('y', 78) + "…\" is not a number", error.Message);
        Assert.True(error.Message.Length < 300, error.Message);
    }

    [Fact]
    public void AHeaderOfManyLongNamesIsListedShort()
    {
        using var dir = new TempDirectory();
        var names = Enumerable.Range(0, 500).Select(i => $"column-{i}-" + new string('n', 200));
        var path = dir.Write("wide.csv", string.Join(",", names) + "\n" + string.Join(",", Enumerable.Repeat("1", 500)) + "\n");

        var error = Assert.Throws<DataFormatException>(() => CsvReader.Read(path, new Engine.Spec.ColumnRef("label", null)));

        Assert.Contains("and 490 more", error.Message);
        Assert.True(error.Message.Length < 2500, $"{error.Message.Length} characters");
    }

    internal static void WriteGzipBomb(string path, int count, int height, int width)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, IdxReader.ImageMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), height);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), width);
        gzip.Write(header);
        var zeros = new byte[1 << 20];
        for (var left = (long)count * height * width; left > 0; left -= zeros.Length)
            gzip.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
    }

    private static (Exception Error, long Allocated) Measure(Action read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.ThrowsAny<InputException>(read);
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
