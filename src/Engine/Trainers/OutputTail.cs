using System.Text;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// The last <see cref="Capacity"/> bytes (UTF-8) of one output stream, kept as whole lines; older lines are dropped
/// as new ones arrive, and a single line longer than the capacity keeps its end. Thread-safe.
/// </summary>
public sealed class OutputTail(int capacity = OutputTail.DefaultCapacity)
{
    public const int DefaultCapacity = 1 << 20;

    private readonly Queue<(string Line, int Bytes)> _lines = new();
    private readonly Lock _lock = new();
    private long _bytes;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Lines dropped from the front so far: the kept lines are numbered <c>Dropped + 1</c> to <see cref="Printed"/>.</summary>
    public long Dropped { get; private set; }

    /// <summary>Lines appended so far.</summary>
    public long Printed { get; private set; }

    public void Append(string line)
    {
        int bytes = Encoding.UTF8.GetByteCount(line) + 1;
        if (bytes > Capacity)
        {
            line = Suffix(line, Capacity - 1);
            bytes = Encoding.UTF8.GetByteCount(line) + 1;
        }
        lock (_lock)
        {
            _lines.Enqueue((line, bytes));
            _bytes += bytes;
            Printed++;
            while (_bytes > Capacity)
            {
                _bytes -= _lines.Dequeue().Bytes;
                Dropped++;
            }
        }
    }

    /// <summary>Everything kept, one line per line, each ending with a line break.</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            var text = new StringBuilder((int)Math.Min(_bytes, int.MaxValue));
            foreach (var (line, _) in _lines) text.Append(line).Append('\n');
            return text.ToString();
        }
    }

    /// <summary>
    /// The kept lines numbered after <paramref name="seen"/> (all of them when none of those was kept), each ending with
    /// a line break: what a follower that has seen <paramref name="seen"/> lines has not. Only those lines are copied.
    /// </summary>
    public string After(long seen)
    {
        lock (_lock)
        {
            var skip = Math.Clamp(seen - Dropped, 0, _lines.Count);
            var text = new StringBuilder();
            foreach (var (line, _) in _lines.Skip((int)skip)) text.Append(line).Append('\n');
            return text.ToString();
        }
    }

    /// <summary>
    /// The last lines kept that fit in <paramref name="maxBytes"/> bytes with their line breaks, as <see cref="ToString()"/>
    /// writes them (a last line longer than that keeps its end): a smaller copy of the tail.
    /// </summary>
    public string ToString(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        lock (_lock)
        {
            var kept = new Stack<string>();
            long total = 0;
            foreach (var (line, bytes) in _lines.Reverse())
            {
                if (total + bytes > maxBytes)
                {
                    if (kept.Count == 0) kept.Push(Suffix(line, maxBytes - 1));
                    break;
                }
                kept.Push(line);
                total += bytes;
            }
            var text = new StringBuilder((int)total);
            foreach (var line in kept) text.Append(line).Append('\n');
            return text.ToString();
        }
    }

    /// <summary>The last lines that fit in <paramref name="maxBytes"/> bytes, joined by line breaks (for an error message).</summary>
    public string LastLines(int maxBytes)
    {
        lock (_lock)
        {
            var kept = new List<string>();
            int total = 0;
            foreach (var (line, bytes) in _lines.Reverse())
            {
                if (total + bytes > maxBytes)
                {
                    if (kept.Count == 0) kept.Add(Suffix(line, maxBytes - 1));
                    break;
                }
                kept.Add(line);
                total += bytes;
            }
            kept.Reverse();
            return string.Join('\n', kept);
        }
    }

    // The end of a line in at most maxBytes bytes of UTF-8, cut at a character boundary.
    private static string Suffix(string line, int maxBytes)
    {
        if (maxBytes <= 0) return "";
        int start = line.Length;
        int bytes = 0;
        while (start > 0)
        {
            int width = char.IsLowSurrogate(line[start - 1]) && start > 1 ? 2 : 1;
            int size = Encoding.UTF8.GetByteCount(line.AsSpan(start - width, width));
            if (bytes + size > maxBytes) break;
            bytes += size;
            start -= width;
        }
        return line[start..];
    }
}
