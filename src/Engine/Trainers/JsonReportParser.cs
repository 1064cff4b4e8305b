using System.Text.Json;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// <c>"format": "json"</c>: a stdout line that is a JSON object with a numeric <c>epoch</c> or <c>step</c> is a report
/// (<c>trainLoss</c>, <c>validationLoss</c>, <c>validationAccuracy</c>, <c>learningRate</c>, or their snake_case
/// spellings); <c>{"done": true}</c> ends a worker's trial; every other line, and all of stderr, is log.
/// </summary>
public sealed class JsonReportParser : IReportParser
{
    public ParsedLine Parse(OutputStream stream, string line)
    {
        if (stream != OutputStream.Stdout) return ParsedLine.Log;
        using var document = JsonLine.TryParseObject(line);
        if (document is null) return ParsedLine.Log;
        var root = document.RootElement;
        if (WorkerDone.TryRead(root, out var failure)) return ParsedLine.Done(failure);
        var report = new ReportFields.Builder();
        foreach (var property in root.EnumerateObject())
            if (ReportFields.Canonical(property.Name) is { } name && JsonLine.TryGetNumber(property.Value, out double value))
                report.Set(name, value);
        return report.HasEpochOrStep ? ParsedLine.Of(report.Build()) : ParsedLine.Log;
    }
}
