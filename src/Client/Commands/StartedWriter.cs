using System.Text;

namespace SweepCluster.Client.Commands;

/// <summary>
/// Standard output that remembers whether anything reached it: a verb that streams a result must not start it again
/// after a fault once part of it is out (a script would read two halves), so it fails instead of trying again.
/// </summary>
internal sealed class StartedWriter(TextWriter inner) : TextWriter
{
    public bool Started { get; private set; }

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        Started = true;
        inner.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Started |= count > 0;
        inner.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Started |= !buffer.IsEmpty;
        inner.Write(buffer);
    }

    public override void Write(string? value)
    {
        Started |= !string.IsNullOrEmpty(value);
        inner.Write(value);
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Started |= !buffer.IsEmpty;
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(string? value)
    {
        Started |= !string.IsNullOrEmpty(value);
        return inner.WriteAsync(value);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <summary>Runs a streamed write; a fault once output has started is final (exit 1), not tried again.</summary>
    public async Task WriteOnceAsync(Func<TextWriter, Task> write)
    {
        try
        {
            await write(this);
        }
        catch (Exception e) when (Started && Grains.Connection.ClusterFaults.IsTransient(e))
        {
            throw new VerbFailure($"the cluster failed while the result was being written ({Grains.Connection.ClusterFaults.Describe(e)}); what was written is incomplete: run the command again, or give --out FILE, which is written whole or not at all.");
        }
    }
}
