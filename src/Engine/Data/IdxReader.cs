using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace SweepCluster.Engine.Data;

/// <summary>
/// Reads the IDX files MNIST is distributed in (yann.lecun.com/exdb/mnist): a big-endian header — magic
/// <see cref="ImageMagic"/> then count, rows, columns for images; <see cref="LabelMagic"/> then count for labels —
/// followed by one unsigned byte per pixel or label. Gzip-compressed files are recognised by their first two bytes
/// (0x1f 0x8b), not by their name, so a renamed or unrenamed download both work.
/// Every problem is a <see cref="DataFormatException"/> naming the file.
/// </summary>
public static class IdxReader
{
    /// <summary>Unsigned bytes (0x08), three dimensions.</summary>
    public const int ImageMagic = 0x00000803;

    /// <summary>Unsigned bytes (0x08), one dimension.</summary>
    public const int LabelMagic = 0x00000801;

    // b / 255f for every byte: the same float the division gives, for a lookup instead of a divide per pixel.
    private static readonly float[] s_unitScale = Enumerable.Range(0, 256).Select(b => b / 255f).ToArray();

    /// <summary>Images scaled to [0, 1] (byte / 255f) and their labels; Classes = max label + 1, at least 2.</summary>
    public static Dataset Read(string imagesPath, string labelsPath, string? name = null)
    {
        IdxImages images;
        using (var stream = OpenFile(imagesPath)) images = ReadImages(stream, imagesPath);
        byte[] labels;
        using (var stream = OpenFile(labelsPath)) labels = ReadLabels(stream, labelsPath);
        return ToDataset(images, imagesPath, labels, labelsPath, name ?? Path.GetFileName(imagesPath));
    }

    /// <summary>As <see cref="Read(string, string, string?)"/> from open streams (e.g. embedded resources); the names are for messages.</summary>
    public static Dataset Read(Stream images, string imagesName, Stream labels, string labelsName, string name) =>
        ToDataset(ReadImages(images, imagesName), imagesName, ReadLabels(labels, labelsName), labelsName, name);

    /// <summary>Reads an image file's header and body; <paramref name="file"/> names it in messages.</summary>
    public static IdxImages ReadImages(Stream stream, string file)
    {
        var payload = Decompressed(stream);
        try
        {
            return ReadImageBody(payload, file);
        }
        finally
        {
            if (payload != stream) payload.Dispose();
        }
    }

    private static IdxImages ReadImageBody(Stream payload, string file)
    {
        Span<byte> header = stackalloc byte[16];
        ReadHeader(payload, header, file, ImageMagic, "image", "label", LabelMagic);
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        int height = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int width = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        string shape = $"{Count(count)} images of {height}×{width} pixels";
        if (count <= 0 || height <= 0 || width <= 0)
            throw new DataFormatException(file, $"the header declares {shape}; every dimension must be at least 1");
        long bytes = (long)count * height * width;
        if (bytes > Array.MaxLength)
            throw new DataFormatException(file, $"the header declares {shape}, more than this program can hold in memory at once");
        var pixels = new byte[bytes];
        ReadBody(payload, pixels, file, shape);
        return new IdxImages(count, height, width, pixels);
    }

    /// <summary>Reads a label file: one byte per example.</summary>
    public static byte[] ReadLabels(Stream stream, string file)
    {
        var payload = Decompressed(stream);
        try
        {
            return ReadLabelBody(payload, file);
        }
        finally
        {
            if (payload != stream) payload.Dispose();
        }
    }

    private static byte[] ReadLabelBody(Stream payload, string file)
    {
        Span<byte> header = stackalloc byte[8];
        ReadHeader(payload, header, file, LabelMagic, "label", "image", ImageMagic);
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (count <= 0) throw new DataFormatException(file, $"the header declares {Count(count)} labels; it must be at least 1");
        var labels = new byte[count];
        ReadBody(payload, labels, file, $"{Count(count)} labels");
        return labels;
    }

    private static Dataset ToDataset(IdxImages images, string imagesFile, byte[] labels, string labelsFile, string name)
    {
        if (labels.Length != images.Count)
            throw new DataFormatException(labelsFile,
                $"has {Count(labels.Length)} labels but {imagesFile} has {Count(images.Count)} images; they must match one to one");
        var x = new float[images.Pixels.Length];
        var scale = s_unitScale;
        var pixels = images.Pixels;
        for (int i = 0; i < pixels.Length; i++) x[i] = scale[pixels[i]];
        var y = new int[labels.Length];
        int maxLabel = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            y[i] = labels[i];
            if (labels[i] > maxLabel) maxLabel = labels[i];
        }
        return new Dataset(name, images.Count, images.PixelsPerImage, x, y, null, Math.Max(2, maxLabel + 1));
    }

    internal static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFormatException(path, "no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot be opened: {e.Message}", e);
        }
    }

    /// <summary>
    /// The stream itself, or a gunzipping view of it (which leaves the stream open) when it starts with the gzip magic bytes.
    /// </summary>
    private static Stream Decompressed(Stream stream)
    {
        if (!stream.CanSeek)
        {
            // Peeking needs a way back to the start; data files are small enough to buffer.
            var buffered = new MemoryStream();
            stream.CopyTo(buffered);
            buffered.Position = 0;
            stream = buffered;
        }
        long start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = start;
        bool gzip = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        return gzip ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : stream;
    }

    private static void ReadHeader(Stream payload, Span<byte> header, string file, int expected, string kind, string otherKind, int otherMagic)
    {
        int read = ReadFully(payload, header, file);
        if (read == 0) throw new DataFormatException(file, $"is empty, not an IDX {kind} file");
        int magic = read >= 4 ? BinaryPrimitives.ReadInt32BigEndian(header) : -1;
        if (read >= 4 && magic != expected)
        {
            string hint = magic == otherMagic ? $"; it is an IDX {otherKind} file: are the image and label files swapped?" : "";
            throw new DataFormatException(file, $"magic number 0x{magic:X8} is not an IDX {kind} file (expected 0x{expected:X8}){hint}");
        }
        if (read < header.Length)
            throw new DataFormatException(file, $"is truncated: an IDX {kind} header has {header.Length} bytes, the file has {read}");
    }

    private static void ReadBody(Stream payload, byte[] body, string file, string declared)
    {
        int read = ReadFully(payload, body, file);
        if (read < body.Length)
            throw new DataFormatException(file,
                $"is truncated: the header declares {declared} ({Count(body.Length)} bytes after the header) but only {Count(read)} follow");
        Span<byte> probe = stackalloc byte[1];
        if (ReadFully(payload, probe, file) != 0)
            throw new DataFormatException(file, $"has more bytes than the header declares ({declared})");
    }

    private static int ReadFully(Stream payload, Span<byte> buffer, string file)
    {
        try
        {
            return payload.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(file, $"starts like gzip but is not a valid gzip stream ({e.Message})", e);
        }
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
