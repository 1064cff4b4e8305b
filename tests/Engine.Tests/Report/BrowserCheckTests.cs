using SweepCluster.Engine.Tests.Data;
using SweepCluster.Engine.Tests.Infrastructure;

namespace SweepCluster.Engine.Tests.Report;

/// <summary>The browser checks can fail: a page that errs and fetches is seen doing both.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class BrowserCheckTests(ChromiumFixture chromium) : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task APageThatLogsAnErrorThrowsAndFetchesIsSeenDoingEachOfThem()
    {
        // Port 9 (discard) on loopback: nothing answers, and nothing leaves this machine.
        var page = _folder.Write("bad.html", """
            <!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">
            <script>console.error('boom'); window.done = true; setTimeout(() => { throw new Error('late'); }, 0);</script></body></html>
            """);
        var visit = await chromium.Browser.VisitAsync(page, "window.done", 800, 600, TestContext.Current.CancellationToken);
        Assert.Contains(visit.Errors, e => e == "console: boom");
        Assert.Contains("http://127.0.0.1:9/x.png", visit.Requests);
        Assert.Contains(new Uri(page).AbsoluteUri, visit.Requests);
        Assert.True(visit.Screenshot.AsSpan(0, 8).SequenceEqual<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG");
    }
}
