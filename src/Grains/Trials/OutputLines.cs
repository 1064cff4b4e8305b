using System.Text;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// The last <c>capacity</c> bytes (UTF-8) of one output stream as whole lines, numbered from the stream's first line, so
/// that the lines after a given number are read without copying the others. Older lines are dropped as new ones arrive,
/// and a line longer than the capacity keeps its end. Not thread-safe: <see cref="TrialOutput"/> locks around it.
/// </summary>
internal sealed class OutputLines(int capacity = OutputTail.DefaultCapacity)
{
    // Dropped lines leave empty slots before _head, removed in one go once they are half of the list.
    private const int CompactAfter = 1024;

    private readonly List<(string Line, int Bytes)> _lines = [];
    private int _head;
    private long _bytes;

    /// <summary>How many lines the stream has printed in all.</summary>
    public long Printed { get; private set; }

    /// <summary>How many of them were dropped from the front: the kept lines are numbered <c>Dropped + 1</c> to <see cref="Printed"/>.</summary>
    public long Dropped => Printed - (_lines.Count - _head);

    public void Append(string line)
    {
        var bytes = Encoding.UTF8.GetByteCount(line) + 1;
        if (bytes > capacity)
        {
            line = Suffix(line, capacity - 1);
            bytes = Encoding.UTF8.GetByteCount(line) + 1;
        }
        _lines.Add((line, bytes));
        _bytes += bytes;
        Printed++;
        while (_bytes > capacity)
        {
            _bytes -= _lines[_head].Bytes;
            _lines[_head++] = default;
        }
        if (_head >= CompactAfter && _head * 2 >= _lines.Count)
        {
            _lines.RemoveRange(0, _head);
            _head = 0;
        }
    }

    /// <summary>The kept lines numbered after <paramref name="seen"/> (all of them when none was kept yet), each ending with a line break.</summary>
    public string After(long seen) => Join(_head + (int)Math.Clamp(seen - Dropped, 0, _lines.Count - _head));

    /// <summary>All that is kept, each line ending with a line break.</summary>
    public override string ToString() => Join(_head);

    /// <summary>The last kept lines that fit in <paramref name="maxBytes"/> bytes with their line breaks (a last line longer than that keeps its end).</summary>
    public string Last(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var from = _lines.Count;
        long total = 0;
        while (from > _head && total + _lines[from - 1].Bytes <= maxBytes) total += _lines[--from].Bytes;
        return from == _lines.Count && from > _head ? Suffix(_lines[from - 1].Line, maxBytes - 1) + "\n" : Join(from);
    }

    private string Join(int from)
    {
        var text = new StringBuilder();
        for (var i = from; i < _lines.Count; i++) text.Append(_lines[i].Line).Append('\n');
        return text.ToString();
    }

    // The end of a line in at most maxBytes bytes of UTF-8, cut at a character boundary.
    private static string Suffix(string line, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var start = Math.Max(0, bytes.Length - Math.Max(0, maxBytes));
        while (start < bytes.Length && (bytes[start] & 0xC0) == 0x80) start++;
        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }
}
