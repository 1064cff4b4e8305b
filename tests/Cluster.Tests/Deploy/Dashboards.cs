using System.Text.Json;
using System.Text.RegularExpressions;

namespace SweepCluster.Cluster.Tests.Deploy;

/// <summary>The Grafana dashboards in deploy/grafana/dashboards: their panels (rows' included) and PromQL.</summary>
internal static partial class Dashboards
{
    public const string Folder = "deploy/grafana/dashboards";

    /// <summary>Each dashboard file's name ("sweeps.json") and parsed root.</summary>
    public static IReadOnlyList<(string File, JsonElement Root)> Load() =>
        [.. Directory.GetFiles(RepositoryFiles.PathOf(Folder), "*.json").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), Parse(path)))];

    /// <summary>Every panel that queries: the top-level ones and those inside rows, rows themselves left out.</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard) => Flatten(dashboard.GetProperty("panels"));

    public static IEnumerable<JsonElement> Rows(JsonElement dashboard) =>
        dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() == "row");

    public static IEnumerable<JsonElement> Targets(JsonElement panel) =>
        panel.TryGetProperty("targets", out var targets) ? targets.EnumerateArray() : [];

    public static IEnumerable<JsonElement> Variables(JsonElement dashboard) =>
        dashboard.GetProperty("templating").GetProperty("list").EnumerateArray();

    /// <summary>
    /// Every PromQL expression of a dashboard with its panel's title, the template variables replaced by their "All"
    /// value as Grafana sends them, and the series selector inside each query variable's <c>label_values(...)</c>.
    /// </summary>
    public static IEnumerable<(string Where, string PromQL)> Expressions(JsonElement dashboard)
    {
        foreach (var panel in Panels(dashboard))
            foreach (var target in Targets(panel))
                yield return (panel.GetProperty("title").GetString()!, WithVariables(dashboard, target.GetProperty("expr").GetString()!));
        foreach (var variable in Variables(dashboard))
            if (variable.TryGetProperty("definition", out var definition) && LabelValues().Match(definition.GetString()!) is { Success: true } match)
                yield return ("variable " + variable.GetProperty("name").GetString(), match.Groups["selector"].Value);
    }

    private static string WithVariables(JsonElement dashboard, string expr)
    {
        foreach (var variable in Variables(dashboard))
        {
            var name = variable.GetProperty("name").GetString()!;
            // A variable without an allValue is sent as a regex of its values; any regex parses the same.
            var all = variable.TryGetProperty("allValue", out var value) ? value.GetString()! : ".*";
            expr = expr.Replace("${" + name + "}", all, StringComparison.Ordinal).Replace("$" + name, all, StringComparison.Ordinal);
        }
        return expr;
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            if (panel.GetProperty("type").GetString() != "row") yield return panel;
            else if (panel.TryGetProperty("panels", out var inner))
                foreach (var child in Flatten(inner)) yield return child;
        }
    }

    private static JsonElement Parse(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*\w+\)$")]
    private static partial Regex LabelValues();
}
