using SweepCluster.Client.Results;
using SweepCluster.Engine.Results;

namespace SweepCluster.Client.Report;

/// <summary>
/// Everything one report page shows, written into the page as JSON and drawn there by report.js: the model is decided
/// here (what is plotted, thinned and counted), the page only lays it out.
/// </summary>
/// <param name="Kind">"sweep" or "trial": what the report was made from.</param>
/// <param name="Metric">The metric trials are ranked by (docs/spec.md search.metric); for a single trial, validationLoss.</param>
/// <param name="Maximize">True when the metric is maximised (accuracy).</param>
/// <param name="Counts">Trials by status and by verdict (docs/results.md names; "none" for a trial without a verdict).</param>
/// <param name="Notes">What the reader should know about how the page was made (curves thinned, parts missing).</param>
public sealed record ReportPage(
    string Kind,
    string Title,
    string Subtitle,
    string Source,
    string Metric,
    bool Maximize,
    IReadOnlyList<ReportFact> Facts,
    IReadOnlyList<ArmSummary> Arms,
    TrialTally Counts,
    IReadOnlyList<SiloUse> Silos,
    IReadOnlyList<ReportChart> Charts,
    IReadOnlyList<StageRow> Stages,
    IReadOnlyList<TrialRow> Trials,
    IReadOnlyList<string> Notes)
{
    /// <summary>The Sweep result's warnings, shown first; empty for a single trial.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The searched parameters other than η, in the spec's order: the trial table has a column for each.</summary>
    public IReadOnlyList<string> ParameterNames { get; init; } = [];

    /// <summary>The parameters ranked by how much of the metric each explains, most first; empty for a search over η alone.</summary>
    public IReadOnlyList<Engine.Search.Importance.ParameterImportance> Importance { get; init; } = [];

    /// <summary>The configurations of a search with repeats, best mean first; empty without repeats.</summary>
    public IReadOnlyList<GroupRow> Groups { get; init; } = [];

    /// <summary>The end of each command trial's program output (a sweep fetched from its cluster); empty otherwise.</summary>
    public IReadOnlyList<TrialLogTail> Logs { get; init; } = [];
}

/// <summary>The last lines a trial's program printed on stdout and on stderr, as the report embeds them.</summary>
public sealed record TrialLogTail(string TrialId, string Stdout, string Stderr)
{
    /// <summary>Lines kept per stream: enough to see how a run ended, small enough for a page of hundreds of trials.</summary>
    public const int Lines = 40;

    /// <summary>The last <see cref="Lines"/> lines of <paramref name="text"/>.</summary>
    public static string End(string text)
    {
        var lines = text.TrimEnd('\n').Split('\n');
        return string.Join('\n', lines.Length <= Lines ? lines : lines[^Lines..]);
    }
}

/// <summary>One line of the summary: a label and its value, already written for people.</summary>
public sealed record ReportFact(string Label, string Value);

/// <summary>An arm and its best trial, as the summary cards show them.</summary>
/// <param name="BestValue">The best trial's metric (or its train loss when it has no validation figure); null when no trial finished.</param>
/// <param name="BestAccuracy">The best trial's validation accuracy, shown beside a loss metric.</param>
public sealed record ArmSummary(
    int Arm, string Name, string Optimizer, string Schedule, string Training, int Trials,
    string? BestTrialId, double? BestLearningRate, double? BestValue, double? BestAccuracy, string? BestVerdict);

/// <summary>How many trials ran on a silo ("this process" for a run without a cluster).</summary>
public sealed record SiloUse(string Silo, int Trials)
{
    public static IReadOnlyList<SiloUse> Of(IEnumerable<Trial> trials) =>
        [.. trials.GroupBy(t => t.Silo ?? "this process").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SiloUse(g.Key, g.Count()))];
}

/// <summary>Trials by status and by verdict, in docs/results.md's order; only the names that occur.</summary>
public sealed record TrialTally(IReadOnlyList<Tally> ByStatus, IReadOnlyList<Tally> ByVerdict)
{
    public static TrialTally Of(IReadOnlyList<Trial> trials) => new(
        [.. Enum.GetValues<TrialStatus>().Select(s => new Tally(ContractNames.Of(s), trials.Count(t => t.Status == s))).Where(t => t.Count > 0)],
        [.. Enum.GetValues<Verdict>().Select(v => new Tally(ContractNames.Of(v), trials.Count(t => t.Verdict == v)))
            .Append(new Tally("none", trials.Count(t => t.Verdict is null))).Where(t => t.Count > 0)]);
}

public sealed record Tally(string Name, int Count);
