using System.Buffers.Binary;
using System.IO.Compression;

namespace SweepCluster.Engine.Tests.Data;

/// <summary>Writes small IDX files for tests, in the byte layout of the MNIST distribution.</summary>
internal static class IdxFiles
{
    public static byte[] Images(int count, int height, int width, byte[] pixels, int magic = 0x00000803)
    {
        var bytes = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), height);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), width);
        pixels.CopyTo(bytes, 16);
        return bytes;
    }

    public static byte[] Labels(byte[] labels, int magic = 0x00000801, int? count = null)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count ?? labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }

    /// <summary>Pixels 0, 7, 14, ... (mod 256): every image differs, and 7 being odd, 256 pixels hold every byte value once.</summary>
    public static byte[] Ramp(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 % 256)).ToArray();
}
