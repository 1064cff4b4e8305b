using System.Globalization;
using System.Text;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Results;

/// <summary>
/// A sweep's trials as CSV (RFC 4180): a header row, then one row per trial, CRLF line ends, a field quoted when it
/// holds a comma, a quote or a line break. Numbers in the invariant culture, doubles round-trip ("R"), null as an empty
/// field; statuses and verdicts as docs/results.md writes them. Every scalar field of a Trial is a column (its optimizer,
/// schedule and history are not scalars); columns are only ever added at the end, so scripts that read them by
/// position keep working. A search over parameters adds one column per parameter after them, named as the parameter
/// (learningRate has its column already).
/// </summary>
public static class TrialCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "sweepId", "trialId", "arm", "armName", "stage", "learningRate", "status", "verdict", "epochsCompleted", "steps",
        "trainLoss", "validationLoss", "validationAccuracy", "silo", "attempts", "wallSeconds", "error", "initialLoss",
    ];

    public static string Write(SweepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var parameters = ParameterColumns(result.Spec);
        var csv = new StringBuilder(Header(parameters));
        foreach (var t in result.Trials) csv.Append(Row(result.SweepId, result.Spec.Search.Arms, parameters, t));
        return csv.ToString();
    }

    /// <summary>
    /// <see cref="Write(SweepResult)"/> of a sweep on a cluster, row by row as <paramref name="source"/> reads the
    /// trials (histories are not fetched: no column holds them), in UTF-8 without a byte order mark. Rows are handed on
    /// about a megabyte at a time, so a read that fails part-way has written nothing of a small sweep.
    /// </summary>
    public static async Task WriteAsync(SweepResultReader source, Stream destination, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var (sweepId, arms) = (source.Summary.SweepId, source.Summary.Spec.Search.Arms);
        var parameters = ParameterColumns(source.Summary.Spec);
        var csv = new StringBuilder(Header(parameters));
        await foreach (var trial in source.TrialsAsync(includeHistories: false, cancel))
        {
            csv.Append(Row(sweepId, arms, parameters, trial));
            if (csv.Length >= FlushAt) await HandOnAsync(csv, destination, cancel);
        }
        await HandOnAsync(csv, destination, cancel);
        await destination.FlushAsync(cancel);
    }

    // Characters of rows held before they are written out.
    private const int FlushAt = 1 << 20;

    private static async Task HandOnAsync(StringBuilder csv, Stream destination, CancellationToken cancel)
    {
        await destination.WriteAsync(Utf8.GetBytes(csv.ToString()), cancel);
        csv.Clear();
    }

    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>The columns of a sweep's CSV: <see cref="Columns"/>, then one per searched parameter other than learningRate.</summary>
    public static IReadOnlyList<string> ColumnsOf(SweepSpec spec) => [.. Columns, .. ParameterColumns(spec)];

    private static string[] ParameterColumns(SweepSpec spec) =>
        spec.Search.Parameters?.Select(p => p.Name).Where(name => name != SearchParameter.LearningRate).ToArray() ?? [];

    private static string Header(string[] parameters) => Line([.. Columns, .. parameters]);

    /// <summary>One trial's row, its line break included.</summary>
    private static string Row(string sweepId, IReadOnlyList<ArmSpec> arms, string[] parameters, Trial t) => Line(
    [
        sweepId, t.TrialId, Int(t.Arm), t.Arm < arms.Count ? arms[t.Arm].Name : "", Int(t.Stage), Real(t.LearningRate),
        ContractNames.Of(t.Status), t.Verdict is { } verdict ? ContractNames.Of(verdict) : "", Int(t.EpochsCompleted), t.Steps.ToString(CultureInfo.InvariantCulture),
        Real(t.TrainLoss), Real(t.ValidationLoss), Real(t.ValidationAccuracy), t.Silo ?? "", Int(t.Attempts), Real(t.WallSeconds), t.Error ?? "",
        Real(t.InitialLoss),
        .. parameters.Select(name => t.Parameters is { } values && values.TryGetValue(name, out var value) ? Value(value) : ""),
    ]);

    private static string Value(ParameterValue value) => value.IsText ? value.Text! : Real(value.Number);

    /// <summary>RFC 4180 §2.6–2.7: enclose in quotes a field with a comma, quote, CR or LF, and double its quotes.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Quote)) + "\r\n";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Real(double? value) => value is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
