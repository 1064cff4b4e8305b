using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// Turns the bytes of a spec into a <see cref="JsonDocument"/>, or into one problem that says where the text is
/// broken: too large, not UTF-8, not JSON, or nested too deep. Nothing here recurses, so hostile input cannot
/// overflow the stack.
/// </summary>
internal static class SpecText
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = SpecLimits.MaxDepth + 1,
    };

    public static JsonDocument? Parse(string json, Problems problems)
    {
        // A char is at least one UTF-8 byte, so this refuses a huge string before encoding it.
        if (json.Length > SpecLimits.MaxSpecBytes) return TooLarge(json.Length, problems);
        byte[] bytes;
        try
        {
            bytes = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(json);
        }
        catch (EncoderFallbackException e)
        {
            problems.Add(JsonPath.Root, $"the text holds an unpaired UTF-16 surrogate at character {e.Index + 1}");
            return null;
        }
        return Parse(bytes, problems);
    }

    public static JsonDocument? Parse(ReadOnlyMemory<byte> utf8, Problems problems)
    {
        if (utf8.Length > SpecLimits.MaxSpecBytes) return TooLarge(utf8.Length, problems);
        if (utf8.Span.StartsWith(Encoding.UTF8.Preamble)) utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        if (!IsUtf8(utf8.Span, problems) || !IsShallowJson(utf8.Span, problems)) return null;
        try
        {
            return JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            problems.Add(JsonPath.Root, Describe(e));
            return null;
        }
    }

    /// <summary>Reports a spec over the size limit; <paramref name="bytes"/> is null when reading stopped at the limit.</summary>
    public static JsonDocument? TooLarge(long? bytes, Problems problems)
    {
        var size = bytes is { } n ? $"is {ValueText.Count(n)} bytes," : "is";
        problems.Add(JsonPath.Root, $"the spec {size} more than the limit of {ValueText.Count(SpecLimits.MaxSpecBytes)} bytes (10 MB)");
        return null;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> text, Problems problems)
    {
        if (System.Text.Unicode.Utf8.IsValid(text)) return true;
        var index = 0;
        while (Rune.DecodeFromUtf8(text[index..], out _, out var consumed) == OperationStatus.Done) index += consumed;
        problems.Add(JsonPath.Root, $"the spec is not valid UTF-8: byte 0x{text[index]:X2} at {Position(text, index)}; save it as UTF-8");
        return false;
    }

    /// <summary>One pass of the reader over the whole text: syntax errors with their position, and the depth limit.</summary>
    private static bool IsShallowJson(ReadOnlySpan<byte> text, Problems problems)
    {
        // The reader's own limit is raised so that ours, checked here, is the one that speaks.
        var reader = new Utf8JsonReader(text, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = int.MaxValue,
        });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth < SpecLimits.MaxDepth) continue;
                problems.Add(JsonPath.Root,
                    $"the JSON is nested more than {SpecLimits.MaxDepth} levels deep at {Position(text, (int)reader.TokenStartIndex)}; a spec needs far fewer");
                return false;
            }
            return true;
        }
        catch (JsonException e)
        {
            problems.Add(JsonPath.Root, Describe(e));
            return false;
        }
    }

    private static string Describe(JsonException e)
    {
        // The runtime's message ends with its own 0-based " LineNumber: 0 | BytePositionInLine: 4."; ours is 1-based.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {(e.BytePositionInLine ?? 0) + 1}" : "";
        return $"invalid JSON{where}: {message}";
    }

    /// <summary>"line 3, byte 7", both 1-based.</summary>
    private static string Position(ReadOnlySpan<byte> text, int index)
    {
        var before = text[..index];
        var line = before.Count((byte)'\n') + 1;
        var column = index - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return $"line {line}, byte {column}";
    }
}
