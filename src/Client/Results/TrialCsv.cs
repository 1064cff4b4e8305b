using System.Globalization;
using System.Text;
using SweepCluster.Engine.Results;

namespace SweepCluster.Client.Results;

/// <summary>
/// A sweep's trials as CSV (RFC 4180): a header row, then one row per trial, CRLF line ends, a field quoted when it
/// holds a comma, a quote or a line break. Numbers in the invariant culture, doubles round-trip ("R"), null as an empty
/// field; statuses and verdicts as CONTRACT §4 writes them. Every scalar field of a Trial is a column (its optimizer,
/// schedule and history are not scalars); columns are only ever added at the end, so scripts that read them by
/// position keep working.
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
        var arms = result.Spec.Search.Arms;
        var csv = new StringBuilder();
        Row(csv, Columns);
        foreach (var t in result.Trials)
        {
            Row(csv,
            [
                result.SweepId, t.TrialId, Int(t.Arm), t.Arm < arms.Count ? arms[t.Arm].Name : "", Int(t.Stage), Real(t.LearningRate),
                ContractNames.Of(t.Status), t.Verdict is { } verdict ? ContractNames.Of(verdict) : "", Int(t.EpochsCompleted), t.Steps.ToString(CultureInfo.InvariantCulture),
                Real(t.TrainLoss), Real(t.ValidationLoss), Real(t.ValidationAccuracy), t.Silo ?? "", Int(t.Attempts), Real(t.WallSeconds), t.Error ?? "",
                Real(t.InitialLoss),
            ]);
        }
        return csv.ToString();
    }

    /// <summary>RFC 4180 §2.6–2.7: enclose in quotes a field with a comma, quote, CR or LF, and double its quotes.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Row(StringBuilder csv, IEnumerable<string> fields) =>
        csv.AppendJoin(',', fields.Select(Quote)).Append("\r\n");

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Real(double? value) => value is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
