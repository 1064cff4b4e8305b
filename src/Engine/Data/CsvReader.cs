using System.Globalization;
using System.Text;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Spec.Parsing;

namespace SweepCluster.Engine.Data;

/// <summary>
/// Reads a numeric CSV file into a <see cref="Dataset"/>: one column is the label (classification: integer class indices
/// 0, 1, 2, ...; regression: a real target), every other column a float feature. Numbers use the invariant culture
/// (<c>1.5</c>, <c>-2e-3</c>) whatever the machine's locale. Anything unusable — a missing or non-numeric cell, NaN or
/// ±Infinity, a row with too few or too many fields — is a <see cref="DataFormatException"/> naming the file, the 1-based
/// line and the column, because a silently skipped or zero-filled cell would quietly change every trial of a sweep.
/// </summary>
public static class CsvReader
{
    /// <summary>
    /// The largest class index accepted: a stray id-like number in the label column would otherwise make a model with
    /// millions of outputs.
    /// </summary>
    public const int MaxClassLabel = 9_999;

    public static Dataset Read(CsvDataSpec spec) => Read(spec.Path, spec.LabelColumn, spec.Header, spec.Task);

    public static Dataset Read(string path, ColumnRef? labelColumn = null, bool header = true, CsvTask task = CsvTask.Classification)
    {
        using var stream = DataFile.Open(path);
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return Read(text, path, labelColumn, header, task, Path.GetFileName(path));
    }

    /// <summary>Reads CSV text; <paramref name="file"/> names it in messages.</summary>
    public static Dataset Read(TextReader text, string file, ColumnRef? labelColumn, bool header, CsvTask task, string name)
    {
        var records = new CsvTokenizer(text, file);
        if (!records.Read()) throw new DataFormatException(file, "is empty: a CSV data file needs at least one data row");

        int columns = records.FieldCount;
        string[]? names = null;
        if (header)
        {
            names = new string[columns];
            for (int i = 0; i < columns; i++) names[i] = records.Field(i).ToString();
        }
        int label = ResolveLabelColumn(labelColumn, names, columns, file);
        if (columns < 2)
            throw new DataFormatException(file, $"has {columns} column; it needs the label and at least one feature column");
        if (header && !records.Read())
            throw new DataFormatException(file, "has a header but no data rows");

        int features = columns - 1;
        var x = new List<float>();
        var labels = task == CsvTask.Classification ? new List<int>() : null;
        var targets = task == CsvTask.Regression ? new List<float>() : null;
        int maxLabel = 0;
        int rows = 0;
        do
        {
            int line = records.Line;
            CheckFieldCount(records.FieldCount, columns, line, names, file);
            for (int column = 0; column < columns; column++)
            {
                var cell = records.Field(column);
                if (column != label)
                {
                    x.Add(ParseFloat(cell, file, line, column, names));
                }
                else if (labels is not null)
                {
                    int value = ParseClass(cell, file, line, column, names);
                    labels.Add(value);
                    maxLabel = Math.Max(maxLabel, value);
                }
                else
                {
                    targets!.Add(ParseFloat(cell, file, line, column, names));
                }
            }
            rows++;
            if (SpecLimits.DatasetBytes(rows, features) > SpecLimits.MaxDatasetBytes)
                throw new DataFormatException(file,
                    $"has more than {rows - 1:N0} rows of {features:N0} features: more than the {SpecLimits.MaxDatasetBytes >> 20:N0} MB a data set may take in memory");
        }
        while (records.Read());

        return new Dataset(name, rows, features, x.ToArray(), labels?.ToArray(), targets?.ToArray(),
            labels is null ? 0 : Math.Max(2, maxLabel + 1));
    }

    private static int ResolveLabelColumn(ColumnRef? labelColumn, string[]? names, int columns, string file)
    {
        if (labelColumn is null) return columns - 1;
        if (labelColumn.Index is int index)
        {
            if (index < 0 || index >= columns)
                throw new DataFormatException(file, $"labelColumn {index} is out of range: the file has {columns} columns (indices 0–{columns - 1})");
            return index;
        }
        string wanted = labelColumn.Name ?? "";
        if (names is null)
            throw new DataFormatException(file, $"labelColumn {DataText.Quote(wanted)} is a column name but the file has no header (header: false); give its 0-based index instead");
        int[] exact = Matches(names, wanted, StringComparison.Ordinal);
        // A case-only difference ("Label" for "label") is still unambiguous, so it is accepted rather than refused.
        int[] found = exact.Length > 0 ? exact : Matches(names, wanted, StringComparison.OrdinalIgnoreCase);
        if (found.Length == 1) return found[0];
        if (found.Length > 1)
            throw new DataFormatException(file, $"labelColumn {DataText.Quote(wanted)} names {found.Length} columns of the header (indices {string.Join(", ", found.Take(20))}); give its 0-based index instead");
        throw new DataFormatException(file, $"labelColumn {DataText.Quote(wanted)} is not a column of the header; the columns are: {DataText.List(names)}");
    }

    private static int[] Matches(string[] names, string wanted, StringComparison comparison) =>
        Enumerable.Range(0, names.Length).Where(i => string.Equals(names[i], wanted, comparison)).ToArray();

    private static void CheckFieldCount(int fields, int columns, int line, string[]? names, string file)
    {
        if (fields < columns)
            throw new DataFormatException(file, line, Describe(fields, names),
                $"the row has {fields} fields, expected {columns}: this column and the ones after it are missing");
        if (fields > columns)
            throw new DataFormatException(file, line, Describe(columns, null),
                $"the row has {fields} fields, expected {columns} (as many as {(names is null ? "the first row" : "the header")}): this field and the ones after it are extra");
    }

    private static float ParseFloat(ReadOnlySpan<char> cell, string file, int line, int column, string[]? names)
    {
        if (cell.IsEmpty) throw new DataFormatException(file, line, Describe(column, names), "the value is missing (empty cell)");
        if (TryParseSmallInteger(cell, out float small)) return small;
        if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            throw new DataFormatException(file, line, Describe(column, names), $"{DataText.Quote(cell)} is not a number");
        if (!float.IsFinite(value))
            throw new DataFormatException(file, line, Describe(column, names),
                $"{DataText.Quote(cell)} is not a finite number (NaN, ±Infinity and values beyond ±3.4e38 cannot be trained on)");
        return value;
    }

    /// <summary>
    /// Plain integers of up to 7 digits (pixel values, counts, 0/1 flags: most cells of typical numeric data) without
    /// float.TryParse, which dominates the cost of reading such a file. Below 2²⁴ every integer is exactly a float, so the
    /// result is identical.
    /// </summary>
    private static bool TryParseSmallInteger(ReadOnlySpan<char> cell, out float value)
    {
        value = 0;
        bool negative = cell[0] == '-';
        var digits = negative ? cell[1..] : cell;
        if (digits.IsEmpty || digits.Length > 7) return false;
        int n = 0;
        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c)) return false;
            n = n * 10 + (c - '0');
        }
        value = negative ? -(float)n : n; // -(float) keeps "-0" a negative zero, as float.Parse gives
        return true;
    }

    private static int ParseClass(ReadOnlySpan<char> cell, string file, int line, int column, string[]? names)
    {
        if (cell.IsEmpty) throw new DataFormatException(file, line, Describe(column, names), "the label is missing (empty cell)");
        // "3.0" is accepted as class 3: spreadsheets and pandas often write integer labels that way.
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || value < 0 || value != Math.Floor(value) || !double.IsFinite(value))
            throw new DataFormatException(file, line, Describe(column, names),
                $"label {DataText.Quote(cell)} is not a class index: classification labels are integers 0, 1, 2, ... (use \"task\": \"regression\" for real-valued targets)");
        if (value > MaxClassLabel)
            throw new DataFormatException(file, line, Describe(column, names),
                $"label {DataText.Quote(cell)} is larger than {MaxClassLabel}: classification labels are class indices 0, 1, 2, ... (use \"task\": \"regression\" for real-valued targets)");
        return (int)value;
    }

    /// <summary><c>"name" (index 2)</c> with a header, <c>index 2</c> without.</summary>
    private static string Describe(int column, string[]? names) =>
        names is not null && column < names.Length ? $"{DataText.Quote(names[column])} (index {column})" : $"index {column}";
}
