using System.Text.RegularExpressions;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// <c>"format": "regex"</c>: a pattern with named groups among <c>epoch</c>, <c>step</c>, <c>trainLoss</c>,
/// <c>validationLoss</c>, <c>validationAccuracy</c>, <c>learningRate</c> is matched on every stdout and stderr line, so
/// an unmodified program can be swept. A match without an epoch or step is the next epoch: one past the last epoch seen
/// (the first such match is epoch 1, as most programs count). A worker's <c>{"done": true}</c> on stdout still ends its trial.
/// </summary>
public sealed class RegexReportParser : IReportParser
{
    // A pathological pattern must not stall the trial's output reader; a line that takes longer is treated as log.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex _pattern;
    private readonly (string Group, string Field)[] _groups;
    private int _lastEpoch;

    public RegexReportParser(string pattern)
    {
        var problems = Validate(pattern);
        if (problems.Count > 0) throw new InputException("trainer." + problems[0]);
        _pattern = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        _groups = [.. _pattern.GetGroupNames()
            .Select(g => (Group: g, Field: ReportFields.Canonical(g)))
            .Where(g => g.Field is not null)
            .Select(g => (g.Group, g.Field!))];
    }

    /// <summary>What is wrong with a pattern (missing, not a regular expression, no usable named group, an unknown one), each naming <c>metrics.pattern</c>.</summary>
    public static IReadOnlyList<string> Validate(string? pattern)
    {
        const string allowed = "epoch, step, trainLoss, validationLoss, validationAccuracy, learningRate";
        if (string.IsNullOrEmpty(pattern))
            return ["metrics.pattern: missing; \"format\": \"regex\" needs a regular expression with named groups among " + allowed + ", e.g. \"Test set: Average loss: (?<validationLoss>[0-9.eE+-]+)\"."];
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            return [$"metrics.pattern: \"{pattern}\" is not a valid regular expression ({e.Message})."];
        }
        var named = regex.GetGroupNames().Where(g => !int.TryParse(g, out _)).ToList();
        var problems = new List<string>();
        foreach (var unknown in named.Where(g => ReportFields.Canonical(g) is null))
            problems.Add($"metrics.pattern: the named group \"{unknown}\" is not a report field; allowed are {allowed}.");
        if (named.Count == 0)
            problems.Add($"metrics.pattern: \"{pattern}\" has no named group; name what it captures with (?<name>...), name among {allowed}.");
        return problems;
    }

    public ParsedLine Parse(OutputStream stream, string line)
    {
        if (stream == OutputStream.Stdout && line.Contains("\"done\"", StringComparison.Ordinal))
        {
            using var document = JsonLine.TryParseObject(line);
            if (document is not null && WorkerDone.TryRead(document.RootElement, out var failure)) return ParsedLine.Done(failure);
        }
        Match match;
        try
        {
            match = _pattern.Match(line);
        }
        catch (RegexMatchTimeoutException)
        {
            return ParsedLine.Log;
        }
        if (!match.Success) return ParsedLine.Log;
        var report = new ReportFields.Builder();
        foreach (var (group, field) in _groups)
        {
            var captured = match.Groups[group];
            if (captured.Success && MetricNumber.TryParse(captured.ValueSpan, out double value)) report.Set(field, value);
        }
        if (report.IsEmpty) return ParsedLine.Log;
        var built = report.Build(epochIfMissing: _lastEpoch + 1);
        if (built.Epoch is int epoch) _lastEpoch = Math.Max(_lastEpoch, epoch);
        return ParsedLine.Of(built);
    }
}
