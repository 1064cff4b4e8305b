using System.Buffers.Binary;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Data;

/// <summary>
/// Writes the bundled digits (<see cref="BundledMnist"/>) as the four standard uncompressed IDX files, split exactly as
/// <c>"data": {"source": "mnist", "trainSize": T, "validationSize": V}</c> with <c>training.seed</c> S splits them
/// (<see cref="DataLoader"/>): the <c>train-*</c> files hold the T training rows, the <c>t10k-*</c> files the V
/// validation rows, each in the order the split gives. A user's own program reading them sees the built-in trainer's data.
/// </summary>
public static class MnistExport
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>
    /// Writes the files into <paramref name="folder"/> (created when missing) and returns their paths: train images,
    /// train labels, t10k images, t10k labels. Sizes and seed default to those of a spec that leaves them out. Sizes out of
    /// range are an <see cref="InputException"/> naming data.trainSize or data.validationSize; a folder that cannot be
    /// written to is an <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    public static IReadOnlyList<string> Write(string folder, int trainSize = 8000, int validationSize = 2000, int seed = 0)
    {
        if (validationSize < 1) throw new InputException($"data.validationSize is {validationSize}; the t10k files need at least one row.");
        var split = DataLoader.Load(new MnistDataSpec(trainSize, validationSize), seed);

        IdxImages images;
        byte[] labels;
        using (var stream = BundledMnist.OpenResource(BundledMnist.ImagesResource)) images = IdxReader.ReadImages(stream, BundledMnist.ImagesResource);
        using (var stream = BundledMnist.OpenResource(BundledMnist.LabelsResource)) labels = IdxReader.ReadLabels(stream, BundledMnist.LabelsResource);

        Directory.CreateDirectory(folder);
        string[] files = [.. new[] { TrainImages, TrainLabels, TestImages, TestLabels }.Select(name => Path.Combine(folder, name))];
        WriteImages(files[0], images, split.TrainRows);
        WriteLabels(files[1], labels, split.TrainRows);
        WriteImages(files[2], images, split.ValidationRows);
        WriteLabels(files[3], labels, split.ValidationRows);
        return files;
    }

    private static void WriteImages(string file, IdxImages images, int[] rows)
    {
        using var output = new BufferedStream(File.Create(file), 1 << 16);
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, IdxReader.ImageMagic);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], rows.Length);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], images.Height);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], images.Width);
        output.Write(header);
        int size = images.PixelsPerImage;
        foreach (int row in rows) output.Write(images.Pixels, row * size, size);
    }

    private static void WriteLabels(string file, byte[] labels, int[] rows)
    {
        using var output = File.Create(file);
        var bytes = new byte[8 + rows.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, IdxReader.LabelMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), rows.Length);
        for (int i = 0; i < rows.Length; i++) bytes[8 + i] = labels[rows[i]];
        output.Write(bytes);
    }
}
