using System.Buffers;
using System.Text;

namespace SweepCluster.Client.Results;

/// <summary>
/// A write-only stream of UTF-8 that goes on to a <see cref="TextWriter"/> (standard output, or a test's writer), so
/// that results are written to a file and to standard output by the same code. The decoder keeps a character split
/// between two writes. Disposing it leaves the writer open.
/// </summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var chars = ArrayPool<char>.Shared.Rent(_decoder.GetCharCount(buffer, flush: false));
        try
        {
            writer.Write(chars, 0, _decoder.GetChars(buffer, chars, flush: false));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var chars = ArrayPool<char>.Shared.Rent(_decoder.GetCharCount(buffer.Span, flush: false));
        try
        {
            var count = _decoder.GetChars(buffer.Span, chars, flush: false);
            await writer.WriteAsync(chars.AsMemory(0, count), cancellationToken);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public override void Flush() => writer.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => writer.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
