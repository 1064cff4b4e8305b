using System.Globalization;

namespace SweepCluster.Cluster.Bench;

/// <summary>The samples of a Prometheus text exposition (<c>/metrics</c>): <c>name{labels} value</c> lines.</summary>
internal sealed class MetricsText
{
    private readonly List<(string Name, string Labels, double Value)> _samples = [];

    public MetricsText(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            // "name{labels} value" or "name value" (a timestamp, when there is one, is a third field: not written here).
            var nameEnd = brace >= 0 && brace < space ? brace : line.IndexOf(' ', StringComparison.Ordinal);
            var labels = brace >= 0 && brace < space ? line[(brace + 1)..line.LastIndexOf('}')] : "";
            var value = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            _samples.Add((line[..nameEnd], labels, value));
        }
    }

    /// <summary>The sum of every series named <paramref name="name"/> (0 when there is none).</summary>
    public double Sum(string name) => _samples.Where(s => s.Name == name).Sum(s => s.Value);

    /// <summary>The cumulative buckets of histogram <paramref name="name"/> (its <c>_bucket</c>, <c>_sum</c> and <c>_count</c>), all series added.</summary>
    public Histogram Histogram(string name)
    {
        var buckets = _samples.Where(s => s.Name == name + "_bucket")
            .GroupBy(s => Le(s.Labels))
            .Select(g => (UpperBound: g.Key, Count: g.Sum(s => s.Value)))
            .OrderBy(b => b.UpperBound)
            .ToArray();
        return new Histogram(buckets.Select(b => b.UpperBound).ToArray(), buckets.Select(b => b.Count).ToArray(), Sum(name + "_sum"), Sum(name + "_count"));
    }

    private static double Le(string labels)
    {
        const string key = "le=\"";
        var start = labels.IndexOf(key, StringComparison.Ordinal) + key.Length;
        var text = labels[start..labels.IndexOf('"', start)];
        return text == "+Inf" ? double.PositiveInfinity : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
