using System.Text.Json;

namespace SweepCluster.Engine.Tests.Report;

/// <summary>What a report page says it drew: <c>window.sweepReport</c>, read from the Chart.js instances it built.</summary>
/// <param name="ScriptStartMs">When the page's script started, in ms after navigation began; <paramref name="RenderMs"/> how long it ran.</param>
internal sealed record DrawnReport(string Kind, double ScriptStartMs, double RenderMs, IReadOnlyList<DrawnChart> Charts, DrawnTables Tables)
{
    /// <summary>The warnings the page lists at its top.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The parameter tables, for a search over more than η.</summary>
    public DrawnParameters Parameters { get; init; } = new([], 0, []);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static DrawnReport Of(JsonElement json) => json.Deserialize<DrawnReport>(Options)!;

    public DrawnChart Chart(string id) => Charts.SingleOrDefault(c => c.Id == id)
        ?? throw new Xunit.Sdk.XunitException($"no chart {id}; the page drew {string.Join(", ", Charts.Select(c => c.Id))}");
}

/// <param name="Datasets">Chart.js datasets: one per series, except curves coloured by η, bundled by arm, role and colour band.</param>
/// <param name="DrawnPoints">Points of the visible datasets that Chart.js laid out (gaps between bundled curves not counted).</param>
internal sealed record DrawnChart(string Id, string Title, bool XLog, bool YLog, int Datasets, IReadOnlyList<DrawnSeries> Series, int DrawnPoints)
{
    /// <summary>Each series as "name: points", to compare whole charts in one assertion with a readable difference.</summary>
    public IEnumerable<string> Described => Series.Select(s => $"{s.Name}: {s.Points}");

    public IEnumerable<DrawnSeries> OfRole(string role) => Series.Where(s => s.Role == role);
}

internal sealed record DrawnSeries(string Name, string Role, int? Arm, int Points);

/// <summary>Rows in the page's stage and trial tables, and the trial rows shown before "show all" is clicked.</summary>
internal sealed record DrawnTables(int Stages, int Trials, int TrialRowsShown);

/// <summary>The importance table's rows (parameter, its share as shown, its bar's width in pixels), the configurations' rows and the trial table's columns.</summary>
internal sealed record DrawnParameters(IReadOnlyList<DrawnImportance> Importance, int GroupRows, IReadOnlyList<string> TrialColumns);

internal sealed record DrawnImportance(string Parameter, string Share, double BarWidth);
