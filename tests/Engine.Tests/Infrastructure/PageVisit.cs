using System.Text.Json;

namespace SweepCluster.Engine.Tests.Infrastructure;

/// <summary>What headless Chromium saw when it opened a page.</summary>
/// <param name="Errors">Console errors, uncaught exceptions and browser log entries at level error, as text.</param>
/// <param name="Requests">The URL of every request the page made, the page's own document included.</param>
/// <param name="Ready">The value of the page's ready expression once it held (JSON), or null when it never did.</param>
/// <param name="Opened">From navigation to the ready expression holding.</param>
/// <param name="Screenshot">A PNG of the whole page.</param>
/// <param name="Answers">The values of the expressions evaluated after the page was ready, in order.</param>
internal sealed record PageVisit(
    IReadOnlyList<string> Errors, IReadOnlyList<string> Requests, JsonElement? Ready, TimeSpan Opened, byte[] Screenshot,
    IReadOnlyList<JsonElement> Answers);
