using System.Globalization;

namespace SweepCluster.Client.Report;

/// <summary>Numbers as the page's labels and summary write them: four significant digits, seconds with a unit.</summary>
public static class ReportText
{
    public static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    public static string G(double? value) => value is { } v ? G(v) : "—";

    public static string Seconds(double seconds) => seconds switch
    {
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{seconds:G2} s"),
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(seconds / 60):0} min {seconds % 60:00} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(seconds / 3600):0} h {Math.Floor(seconds % 3600 / 60):00} min"),
    };
}
