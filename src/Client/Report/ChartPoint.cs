using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SweepCluster.Client.Report;

/// <summary>
/// One plotted point, written as <c>[x, y]</c> or <c>[x, y, row]</c> where row is the trial's index in the page's trial
/// table (for the tooltip). Six significant digits are what a chart can show, and they keep a 1,000-trial page small.
/// </summary>
[JsonConverter(typeof(ChartPointConverter))]
public readonly record struct ChartPoint(double X, double Y, int? Row = null);

internal sealed class ChartPointConverter : JsonConverter<ChartPoint>
{
    public override ChartPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("chart points are only written");

    public override void Write(Utf8JsonWriter writer, ChartPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteRawValue(Short(value.X));
        writer.WriteRawValue(Short(value.Y));
        if (value.Row is { } row) writer.WriteNumberValue(row);
        writer.WriteEndArray();
    }

    // Callers keep only finite points, so "G6" is always a JSON number ("1E-05" included).
    private static string Short(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
