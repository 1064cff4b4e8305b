using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Results.Store;

/// <summary>
/// One trial's history as it lies in a page file: a 16-byte header (the magic "SWH1", the payload's length, an FNV-1a
/// checksum of the payload) and the payload, the deflated JSON of the trial's id and its history. A record cut short
/// by a crash, or bytes that are not a record, never decode: the length, the checksum and the trial id must all agree.
/// </summary>
public static class HistoryRecord
{
    public const int HeaderLength = 16;
    private static readonly uint Magic = BinaryPrimitives.ReadUInt32LittleEndian("SWH1"u8);

    // The Trial JSON's own options, so a history read back is equal to the one written, to the last bit of every double.
    private static readonly JsonSerializerOptions Compact = new(SpecJson.Options) { WriteIndented = false };

    /// <summary>The record's bytes: header and payload.</summary>
    public static byte[] Encode(string trialId, TrialHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var payload = new MemoryStream();
        payload.Position = HeaderLength;
        using (var deflate = new DeflateStream(payload, CompressionLevel.Fastest, leaveOpen: true))
            JsonSerializer.Serialize(deflate, new Payload(trialId, history), Compact);
        var bytes = payload.ToArray();
        var body = bytes.AsSpan(HeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), body.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), Checksum(body));
        return bytes;
    }

    /// <summary>
    /// The history in <paramref name="record"/> if it is a whole, intact record of <paramref name="trialId"/>; otherwise
    /// null, and <paramref name="problem"/> says what is wrong with it.
    /// </summary>
    public static TrialHistory? Decode(ReadOnlySpan<byte> record, string trialId, out string? problem)
    {
        if (record.Length < HeaderLength || BinaryPrimitives.ReadUInt32LittleEndian(record) != Magic)
        {
            problem = "not a history record";
            return null;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(record[4..]);
        if (length < 0 || length != record.Length - HeaderLength)
        {
            problem = $"the record is cut short ({record.Length - HeaderLength} of {length} bytes)";
            return null;
        }
        var body = record[HeaderLength..];
        if (Checksum(body) != BinaryPrimitives.ReadUInt64LittleEndian(record[8..]))
        {
            problem = "the record's checksum does not match (a torn or damaged write)";
            return null;
        }
        Payload? payload;
        try
        {
            using var deflate = new DeflateStream(new MemoryStream(body.ToArray()), CompressionMode.Decompress);
            payload = JsonSerializer.Deserialize<Payload>(deflate, Compact);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            problem = "the record does not decompress to a history";
            return null;
        }
        if (payload is null || payload.TrialId != trialId || payload.History is null)
        {
            problem = $"the record holds trial {payload?.TrialId ?? "(none)"}, not {trialId}";
            return null;
        }
        problem = null;
        return payload.History;
    }

    /// <summary>The payload's length that a record's header announces, or -1 when these bytes are no record's header.</summary>
    public static int PayloadLength(ReadOnlySpan<byte> header) =>
        header.Length >= HeaderLength && BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic
            ? BinaryPrimitives.ReadInt32LittleEndian(header[4..])
            : -1;

    /// <summary>64-bit FNV-1a: cheap, and enough to tell a torn or overwritten record from the one that was written.</summary>
    private static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }

    private sealed record Payload(string TrialId, TrialHistory History);
}
