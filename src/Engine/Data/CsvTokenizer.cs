using System.Runtime.CompilerServices;

namespace SweepCluster.Engine.Data;

/// <summary>
/// Splits CSV text (RFC 4180: comma-separated, fields optionally in double quotes with <c>""</c> for a quote, quoted fields
/// may hold commas and line breaks; LF, CRLF or CR line ends) into records, one at a time, keeping the 1-based line each
/// record starts on for messages. Fields are views into a reused buffer, so reading a large numeric file allocates
/// nothing per cell. Blank lines are skipped. A quote in the middle of an unquoted field is kept as a character.
/// </summary>
internal sealed class CsvTokenizer(TextReader reader, string file)
{
    /// <summary>The longest record read: far beyond any real row, short of what would exhaust memory (a huge cell, a file that is no CSV).</summary>
    public const int MaxRecordChars = 1 << 24;

    /// <summary>The most fields a record may have.</summary>
    public const int MaxFields = 1 << 20;

    private readonly char[] _input = new char[1 << 16];
    private int _inputPosition;
    private int _inputLength;
    private char[] _text = new char[1024];
    private int _textLength;
    private readonly List<(int Start, int Length)> _fields = [];
    private int _nextLine = 1;

    /// <summary>The 1-based line on which the current record starts.</summary>
    public int Line { get; private set; }

    public int FieldCount => _fields.Count;

    /// <summary>A field of the current record, without surrounding white space (a quoted field keeps its inner spaces trimmed too).</summary>
    public ReadOnlySpan<char> Field(int index)
    {
        var (start, length) = _fields[index];
        return _text.AsSpan(start, length).Trim();
    }

    /// <summary>Moves to the next non-blank record; false at the end of the text.</summary>
    public bool Read()
    {
        while (ReadRecord(out bool blank))
        {
            if (!blank) return true;
        }
        return false;
    }

    // Optimised from the first call: a data file is read once per process, so tiering would never get to speed it up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadRecord(out bool blank)
    {
        _fields.Clear();
        _textLength = 0;
        Line = _nextLine;
        blank = false;
        int c = Next();
        if (c < 0) return false;
        int fieldStart = 0;
        bool quotedAny = false;
        while (true)
        {
            switch (c)
            {
                case < 0:
                    EndField(fieldStart);
                    blank = IsBlank(quotedAny);
                    return true;
                case ',':
                    EndField(fieldStart);
                    fieldStart = _textLength;
                    break;
                case '\n':
                    _nextLine++;
                    EndField(fieldStart);
                    blank = IsBlank(quotedAny);
                    return true;
                case '\r':
                    _nextLine++;
                    if (Peek() == '\n') Next();
                    EndField(fieldStart);
                    blank = IsBlank(quotedAny);
                    return true;
                case '"' when _textLength == fieldStart:
                    ReadQuoted();
                    quotedAny = true;
                    break;
                default:
                    Append((char)c);
                    break;
            }
            c = Next();
        }
    }

    private void ReadQuoted()
    {
        int openedOn = _nextLine;
        while (true)
        {
            int c = Next();
            switch (c)
            {
                case < 0:
                    throw new DataFormatException(file, openedOn, null, "a quoted field opened on this line is never closed");
                case '"' when Peek() == '"':
                    Next();
                    Append('"');
                    break;
                case '"':
                    return;
                case '\n':
                    _nextLine++;
                    Append('\n');
                    break;
                case '\r':
                    if (Peek() != '\n') _nextLine++;
                    Append('\r');
                    break;
                default:
                    Append((char)c);
                    break;
            }
        }
    }

    private bool IsBlank(bool quotedAny) => !quotedAny && _fields.Count == 1 && Field(0).IsEmpty;

    private void EndField(int fieldStart)
    {
        if (_fields.Count == MaxFields)
            throw new DataFormatException(file, Line, null, $"the record has more than {MaxFields:N0} fields; this is not a data table this reader accepts");
        _fields.Add((fieldStart, _textLength - fieldStart));
    }

    private void Append(char c)
    {
        if (_textLength == _text.Length) Grow();
        _text[_textLength++] = c;
    }

    // Only when the buffer is full, so the per-character path stays one comparison.
    private void Grow()
    {
        if (_text.Length >= MaxRecordChars)
            throw new DataFormatException(file, Line, null,
                $"the record is longer than {MaxRecordChars:N0} characters (a huge cell, a quote that is never closed, or a file that is not CSV text)");
        Array.Resize(ref _text, Math.Min(_text.Length * 2, MaxRecordChars));
    }

    private int Next()
    {
        if (_inputPosition == _inputLength && !Fill()) return -1;
        return _input[_inputPosition++];
    }

    private int Peek()
    {
        if (_inputPosition == _inputLength && !Fill()) return -1;
        return _input[_inputPosition];
    }

    private bool Fill()
    {
        _inputLength = reader.Read(_input, 0, _input.Length);
        _inputPosition = 0;
        return _inputLength > 0;
    }
}
