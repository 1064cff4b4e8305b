using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SweepCluster.Client.Report;

/// <summary>
/// Writes a report page as one self-contained HTML file: Chart.js, the page's style and script and its data are all
/// inlined, so the file opens offline and the page asks the network for nothing (no CDN, no web fonts).
/// </summary>
public static class ReportHtml
{
    public const string ChartJsVersion = "4.6.1";

    // The default encoder escapes <, > and & in strings, so no value can close the data's <script> element.
    private static readonly JsonSerializerOptions DataOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Default,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Writes the page to <paramref name="destination"/> as UTF-8: its data straight from the serializer, never as one
    /// string, which for a large sweep would be as long as the page itself.
    /// </summary>
    public static void Write(ReportPage page, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(destination);
        using var html = new StreamWriter(destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        html.Write($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="sweep report (SweepCluster), Chart.js {ChartJsVersion}">
            <title>{WebUtility.HtmlEncode(page.Title)} · sweep report</title>
            <style>
            {Asset("report.css")}
            </style>
            </head>
            <body>
            <noscript><p class="noscript">This report draws its charts and tables with JavaScript; allow scripts for this file to see them.</p></noscript>
            <main id="report" aria-live="polite"></main>
            <script type="application/json" id="report-data">
            """);
        html.Flush();
        JsonSerializer.Serialize(destination, page, DataOptions);
        html.Write($"""

            </script>
            <script>
            /* Chart.js {ChartJsVersion}, MIT licence, (c) Chart.js contributors: https://www.chartjs.org */
            {Asset("chart.umd.min.js")}
            </script>
            <script>
            {Asset("report.js")}
            </script>
            </body>
            </html>

            """);
    }

    private static string Asset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("report/" + name)
            ?? throw new InvalidOperationException($"the report asset {name} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
