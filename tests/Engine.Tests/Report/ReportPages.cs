using System.Text.Json;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Tests.Cli;
using SweepCluster.Engine.Tests.Infrastructure;

namespace SweepCluster.Engine.Tests.Report;

/// <summary>
/// Makes a report with the `sweep report` verb, opens it in headless Chromium, and keeps the page and its screenshot as
/// test artifacts (TestResults/reports beside the test binary, and attached to the test's result).
/// </summary>
internal static class ReportPages
{
    private const int Width = 1320;
    private const int Height = 1000;
    private const string Ready = "window.sweepReport && window.sweepReport.ready === true && window.sweepReport";

    public static string ArtifactFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "reports")).FullName;

    /// <summary>Writes <paramref name="result"/> (a Sweep result or a Trial) as JSON into <paramref name="folder"/>.</summary>
    public static string WriteResult<T>(string folder, string name, T result)
    {
        var path = Path.Combine(folder, name + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(result, SpecJson.Options));
        return path;
    }

    /// <summary>`sweep report RESULTS --out NAME.html`, then the page as Chromium saw it.</summary>
    public static async Task<(PageVisit Visit, string Html)> ReportAndOpenAsync(
        HeadlessChromium browser, string results, string name, ITestOutputHelper? output = null, params string[] then)
    {
        var html = Path.Combine(ArtifactFolder, name + ".html");
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("report", results, "--out", html);
        Assert.True(code == 0, stderr);
        Assert.Equal("", stdout);
        var visit = await browser.VisitAsync(html, Ready, Width, Height, TestContext.Current.CancellationToken, then);
        var screenshot = Path.Combine(ArtifactFolder, name + ".png");
        await File.WriteAllBytesAsync(screenshot, visit.Screenshot, TestContext.Current.CancellationToken);
        TestContext.Current.AddAttachment(name + ".png", visit.Screenshot, "image/png");
        var timing = visit.Ready is { } ready ? DrawnReport.Of(ready) is var drawn ? $" (script from {drawn.ScriptStartMs:0} ms for {drawn.RenderMs:0} ms)" : "" : "";
        output?.WriteLine($"{name}: {new FileInfo(html).Length:N0} bytes, ready {visit.Opened.TotalMilliseconds:0} ms after navigation{timing}; "
            + $"screenshot {screenshot}; {browser.Version}");
        return (visit, html);
    }

    /// <summary>The page loaded with no console error or exception, asked the network for nothing but itself, and finished drawing.</summary>
    public static DrawnReport AssertOpenedCleanly(PageVisit visit, string html)
    {
        Assert.Empty(visit.Errors);
        Assert.Equal([new Uri(html).AbsoluteUri], visit.Requests.Distinct());
        Assert.NotNull(visit.Ready);
        return DrawnReport.Of(visit.Ready.Value);
    }
}
