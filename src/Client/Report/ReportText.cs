using System.Globalization;

namespace SweepCluster.Client.Report;

/// <summary>Numbers as the page's labels and summary write them: four significant digits, 1e-5 not 1E-05, seconds with a unit.</summary>
public static class ReportText
{
    public static string G(double value) => Exponent(value.ToString("G4", CultureInfo.InvariantCulture));

    /// <summary>Every digit the value needs to read back (a spec's own numbers), exponent as in <see cref="G(double)"/>.</summary>
    public static string Exact(double value) => Exponent(value.ToString("R", CultureInfo.InvariantCulture));

    // .NET writes 1E-05; people and Python write 1e-05 or 1e-5.
    private static string Exponent(string text)
    {
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0) return text;
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{text[..e]}e{exponent}");
    }

    public static string G(double? value) => value is { } v ? G(v) : "—";

    public static string Seconds(double seconds) => seconds switch
    {
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{seconds:G2} s"),
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(seconds / 60):0} min {seconds % 60:00} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(seconds / 3600):0} h {Math.Floor(seconds % 3600 / 60):00} min"),
    };
}
