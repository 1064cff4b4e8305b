using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using SweepCluster.Engine.Spec;

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

    /// <summary>Images scaled to [0, 1] (byte / 255f) and their labels; Classes = max label + 1, at least 2.</summary>
    public static Dataset Read(string imagesPath, string labelsPath, string? name = null)
    {
        using var images = DataFile.Open(imagesPath);
        using var labels = DataFile.Open(labelsPath);
        return Read(images, imagesPath, labels, labelsPath, name ?? Path.GetFileName(imagesPath));
    }

    /// <summary>As <see cref="Read(string, string, string?)"/> from open streams (e.g. embedded resources); the names are for messages.</summary>
    public static Dataset Read(Stream images, string imagesName, Stream labels, string labelsName, string name)
    {
        var (shape, x) = WithPayload(images, (payload, size) => ReadScaledImages(payload, size, imagesName));
        byte[] bytes = ReadLabels(labels, labelsName);
        if (bytes.Length != shape.Count)
            throw new DataFormatException(labelsName,
                $"has {Count(bytes.Length)} labels but {imagesName} has {Count(shape.Count)} images; they must match one to one");
        var y = new int[bytes.Length];
        int maxLabel = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            y[i] = bytes[i];
            maxLabel = Math.Max(maxLabel, bytes[i]);
        }
        return new Dataset(name, shape.Count, shape.Height * shape.Width, x, y, null, Math.Max(2, maxLabel + 1));
    }

    /// <summary>An image file's pixels as stored (0–255); <paramref name="file"/> names it in messages.</summary>
    public static IdxImages ReadImages(Stream stream, string file) => WithPayload(stream, (payload, size) =>
    {
        var shape = ReadImageHeader(payload, size, file);
        var pixels = new byte[shape.Bytes];
        ReadBody(payload, pixels, file, shape.Declared);
        return new IdxImages(shape.Count, shape.Height, shape.Width, pixels);
    });

    /// <summary>A label file's labels, one byte per example.</summary>
    public static byte[] ReadLabels(Stream stream, string file) => WithPayload(stream, (payload, size) =>
    {
        Span<byte> header = stackalloc byte[8];
        ReadHeader(payload, header, file, LabelMagic, "label", "image", ImageMagic);
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (count <= 0) throw new DataFormatException(file, $"the header declares {Count(count)} labels; it must be at least 1");
        if (SpecLimits.DatasetBytes(count, 0) > SpecLimits.MaxDatasetBytes)
            throw new DataFormatException(file,
                $"the header declares {Count(count)} labels: more than the {SpecLimits.MaxDatasetBytes >> 20:N0} MB a data set may take in memory (4 bytes a label)");
        CheckBodySize(size, header.Length, count, file, $"{Count(count)} labels");
        var labels = new byte[count];
        ReadBody(payload, labels, file, $"{Count(count)} labels");
        return labels;
    });

    private readonly record struct ImageShape(int Count, int Height, int Width)
    {
        public long Bytes => (long)Count * Height * Width;
        public string Declared => $"{IdxReader.Count(Count)} images of {Height}×{Width} pixels";
    }

    private static ImageShape ReadImageHeader(Stream payload, PayloadSize size, string file)
    {
        Span<byte> header = stackalloc byte[16];
        ReadHeader(payload, header, file, ImageMagic, "image", "label", LabelMagic);
        var shape = new ImageShape(
            BinaryPrimitives.ReadInt32BigEndian(header[4..]),
            BinaryPrimitives.ReadInt32BigEndian(header[8..]),
            BinaryPrimitives.ReadInt32BigEndian(header[12..]));
        if (shape.Count <= 0 || shape.Height <= 0 || shape.Width <= 0)
            throw new DataFormatException(file, $"the header declares {shape.Declared}; every dimension must be at least 1");
        if (SpecLimits.DatasetBytes(shape.Count, (long)shape.Height * shape.Width) > SpecLimits.MaxDatasetBytes)
            throw new DataFormatException(file,
                $"the header declares {shape.Declared}: more than the {SpecLimits.MaxDatasetBytes >> 20:N0} MB a data set may take in memory (4 bytes a pixel)");
        CheckBodySize(size, header.Length, shape.Bytes, file, shape.Declared);
        return shape;
    }

    // Decompresses and scales chunk by chunk straight into the float table, with no whole-file byte buffer: every fresh
    // page costs a fault to bring in, and a whole-file buffer would add its own pages to those of the table.
    private static (ImageShape Shape, float[] X) ReadScaledImages(Stream payload, PayloadSize size, string file)
    {
        var shape = ReadImageHeader(payload, size, file);
        var x = GC.AllocateUninitializedArray<float>((int)shape.Bytes);
        var chunk = new byte[1 << 16];
        int done = 0;
        while (done < x.Length)
        {
            int wanted = Math.Min(chunk.Length, x.Length - done);
            int read = ReadFully(payload, chunk.AsSpan(0, wanted), file);
            ScaleToUnit(chunk.AsSpan(0, read), x.AsSpan(done, read));
            done += read;
            if (read < wanted) throw Truncated(file, shape.Declared, shape.Bytes, done);
        }
        CheckNoTrailingBytes(payload, file, shape.Declared);
        return (shape, x);
    }

    // Compiled optimised at once: it runs once per process over millions of bytes, so tier-0 code would never be replaced.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleToUnit(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        destination = destination[..bytes.Length];
        for (int i = 0; i < bytes.Length; i++) destination[i] = bytes[i] / 255f;
    }

    private static T WithPayload<T>(Stream stream, Func<Stream, PayloadSize, T> read)
    {
        var (payload, size) = Decompressed(stream);
        try
        {
            return read(payload, size);
        }
        finally
        {
            if (payload != stream) payload.Dispose();
        }
    }

    /// <summary>
    /// The stream itself, or a gunzipping view of it (which leaves the stream open) when it starts with the gzip magic
    /// bytes; with what is known of the payload's length before any of it is read.
    /// </summary>
    private static (Stream Payload, PayloadSize Size) Decompressed(Stream stream)
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
        if (!gzip) return (stream, new PayloadSize(stream.Length - start));
        var size = GzipTrailerSize(stream, start);
        return (new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true), size);
    }

    /// <summary>
    /// A gzip file's last four bytes hold its uncompressed length modulo 2³² (RFC 1952 ISIZE): enough to tell a header
    /// that declares more (or less) than the file holds before anything that size is allocated.
    /// </summary>
    private static PayloadSize GzipTrailerSize(Stream stream, long start)
    {
        if (stream.Length - start < 18) return PayloadSize.Unknown;   // too short for a gzip member: the gunzip reports it
        Span<byte> trailer = stackalloc byte[4];
        stream.Position = stream.Length - 4;
        stream.ReadExactly(trailer);
        stream.Position = start;
        return new PayloadSize(BinaryPrimitives.ReadUInt32LittleEndian(trailer));
    }

    /// <summary>The payload's length known before any of it is read (exact for a plain file, from the trailer for gzip); -1: unknown.</summary>
    private readonly record struct PayloadSize(long Bytes)
    {
        public static PayloadSize Unknown => new(-1);
    }

    // Before the body is allocated: a header that declares more than the file holds is refused here, not after gigabytes.
    // The limit on a data set keeps every acceptable header below 4 GiB, so a gzip trailer's length modulo 2³² is exact
    // (for files of one gzip member, as gzip writes them).
    private static void CheckBodySize(PayloadSize size, int headerBytes, long bodyBytes, string file, string declared)
    {
        if (size.Bytes < 0) return;
        long total = headerBytes + bodyBytes;
        if (size.Bytes < total) throw Truncated(file, declared, bodyBytes, Math.Max(0, size.Bytes - headerBytes));
        if (size.Bytes > total) throw new DataFormatException(file, $"has more bytes than the header declares ({declared})");
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
        if (read < body.Length) throw Truncated(file, declared, body.Length, read);
        CheckNoTrailingBytes(payload, file, declared);
    }

    private static DataFormatException Truncated(string file, string declared, long expected, long read) =>
        new(file, $"is truncated: the header declares {declared} ({Count(expected)} bytes after the header) but only {Count(read)} follow");

    private static void CheckNoTrailingBytes(Stream payload, string file, string declared)
    {
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
