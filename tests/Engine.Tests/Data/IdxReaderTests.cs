using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Tests.Data;

public sealed class IdxReaderTests
{
    private static readonly byte[] s_pixels = IdxFiles.Ramp(5 * 3 * 2);
    private static readonly byte[] s_labels = [0, 3, 1, 3, 2];

    [Theory]
    [InlineData(false, "images.idx3-ubyte", "labels.idx1-ubyte")]
    [InlineData(true, "images.idx3-ubyte.gz", "labels.idx1-ubyte.gz")]
    [InlineData(true, "images-without-extension", "labels-without-extension")] // gzip is told by its magic bytes
    [InlineData(false, "plain-but-named.gz", "plain-labels-named.gz")]
    public void SmallFilesRoundTripPlainOrGzipped(bool gzip, string imagesName, string labelsName)
    {
        using var dir = new TempDirectory();
        byte[] images = IdxFiles.Images(5, 3, 2, s_pixels);
        byte[] labels = IdxFiles.Labels(s_labels);
        string imagesPath = dir.Write(imagesName, gzip ? IdxFiles.Gzip(images) : images);
        string labelsPath = dir.Write(labelsName, gzip ? IdxFiles.Gzip(labels) : labels);

        var data = IdxReader.Read(imagesPath, labelsPath);

        Assert.Equal(5, data.Rows);
        Assert.Equal(6, data.Features);
        Assert.Equal(4, data.Classes); // max label 3 + 1
        Assert.Equal(s_labels.Select(l => (int)l), data.Labels!);
        Assert.Equal(s_pixels.Select(p => p / 255f), data.X);
        Assert.Equal(imagesName, data.Name);
    }

    [Fact]
    public void PixelsAreScaledToTheUnitIntervalAndRawBytesAreKeptByReadImages()
    {
        byte[] pixels = IdxFiles.Ramp(256);
        using var stream = new MemoryStream(IdxFiles.Images(1, 16, 16, pixels));
        var images = IdxReader.ReadImages(stream, "x");
        Assert.Equal((1, 16, 16), (images.Count, images.Height, images.Width));
        Assert.Equal(pixels, images.Pixels);

        using var again = new MemoryStream(IdxFiles.Images(1, 16, 16, pixels));
        using var labels = new MemoryStream(IdxFiles.Labels([0]));
        var data = IdxReader.Read(again, "images", labels, "labels", "ramp");
        Assert.Equal(0f, data.X.Min());
        Assert.Equal(1f, data.X.Max());
        Assert.Equal(51 / 255f, data.X[Array.IndexOf(pixels, (byte)51)]);
    }

    [Fact]
    public void ASingleClassStillCountsAsTwoClasses()
    {
        using var images = new MemoryStream(IdxFiles.Images(2, 1, 1, [0, 255]));
        using var labels = new MemoryStream(IdxFiles.Labels([0, 0]));
        Assert.Equal(2, IdxReader.Read(images, "i", labels, "l", "one-class").Classes);
    }

    [Fact]
    public void ABadMagicNumberIsReportedWithTheFileAndTheExpectedNumber()
    {
        using var dir = new TempDirectory();
        string images = dir.Write("train-images.idx3-ubyte", IdxFiles.Images(5, 3, 2, s_pixels, magic: 0x00000804));
        string labels = dir.Write("train-labels.idx1-ubyte", IdxFiles.Labels(s_labels));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels));

        Assert.Equal($"{images}: magic number 0x00000804 is not an IDX image file (expected 0x00000803)", error.Message);
        Assert.Equal(images, error.File);
        Assert.IsAssignableFrom<InputException>(error);
    }

    [Fact]
    public void SwappedImageAndLabelFilesAreNamedAsSuch()
    {
        using var dir = new TempDirectory();
        string images = dir.Write("images", IdxFiles.Images(5, 3, 2, s_pixels));
        string labels = dir.Write("labels", IdxFiles.Labels(s_labels));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(labels, images));

        Assert.Contains("labels: magic number 0x00000801 is not an IDX image file", error.Message);
        Assert.Contains("swapped", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ATruncatedBodyIsReportedWithTheDeclaredAndActualSizes(bool gzip)
    {
        using var dir = new TempDirectory();
        byte[] whole = IdxFiles.Images(5, 3, 2, s_pixels);
        byte[] cut = whole[..(whole.Length - 7)];
        string images = dir.Write("cut-images", gzip ? IdxFiles.Gzip(cut) : cut);
        string labels = dir.Write("labels", IdxFiles.Labels(s_labels));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels));

        Assert.StartsWith($"{images}: is truncated: the header declares 5 images of 3×2 pixels (30 bytes after the header) but only 23 follow", error.Message);
    }

    [Fact]
    public void ACutGzipFileIsReportedWithItsName()
    {
        using var dir = new TempDirectory();
        byte[] gzip = IdxFiles.Gzip(IdxFiles.Images(200, 8, 8, IdxFiles.Ramp(200 * 64)));
        string images = dir.Write("cut.gz", gzip[..(gzip.Length / 2)]);
        string labels = dir.Write("labels", IdxFiles.Labels(new byte[200]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels));

        Assert.StartsWith($"{images}: ", error.Message);
    }

    [Fact]
    public void ATruncatedHeaderOrEmptyFileIsReported()
    {
        using var dir = new TempDirectory();
        string labels = dir.Write("labels", IdxFiles.Labels(s_labels));
        string shortHeader = dir.Write("short", IdxFiles.Images(5, 3, 2, s_pixels)[..10]);
        string empty = dir.Write("empty", []);

        Assert.Contains("short: is truncated: an IDX image header has 16 bytes, the file has 10",
            Assert.Throws<DataFormatException>(() => IdxReader.Read(shortHeader, labels)).Message);
        Assert.Contains("empty: is empty", Assert.Throws<DataFormatException>(() => IdxReader.Read(empty, labels)).Message);
    }

    [Fact]
    public void ExtraBytesAfterTheDeclaredBodyAreReported()
    {
        using var dir = new TempDirectory();
        string images = dir.Write("long-images", [.. IdxFiles.Images(5, 3, 2, s_pixels), 1, 2, 3]);
        string labels = dir.Write("labels", IdxFiles.Labels(s_labels));

        Assert.Contains("long-images: has more bytes than the header declares",
            Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels)).Message);
    }

    [Fact]
    public void ACountMismatchNamesBothFiles()
    {
        using var dir = new TempDirectory();
        string images = dir.Write("train-images", IdxFiles.Images(5, 3, 2, s_pixels));
        string labels = dir.Write("train-labels", IdxFiles.Labels([0, 1, 2, 3]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(images, labels));

        Assert.Equal($"{labels}: has 4 labels but {images} has 5 images; they must match one to one", error.Message);
    }

    [Fact]
    public void ZeroDimensionsAndCorruptGzipAreReported()
    {
        using var dir = new TempDirectory();
        string labels = dir.Write("labels", IdxFiles.Labels(s_labels));
        string zero = dir.Write("zero", IdxFiles.Images(5, 0, 2, []));
        byte[] corrupt = IdxFiles.Gzip(IdxFiles.Images(5, 3, 2, s_pixels));
        corrupt.AsSpan(10, 8).Fill(0xff);
        string broken = dir.Write("broken.gz", corrupt);

        Assert.Contains("every dimension must be at least 1", Assert.Throws<DataFormatException>(() => IdxReader.Read(zero, labels)).Message);
        Assert.StartsWith($"{broken}: ", Assert.Throws<DataFormatException>(() => IdxReader.Read(broken, labels)).Message);
    }

    [Fact]
    public void AMissingFileIsAnInputErrorNamingIt()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("nope.idx3-ubyte");
        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(missing, missing));
        Assert.Equal($"{missing}: no such file", error.Message);
    }
}
