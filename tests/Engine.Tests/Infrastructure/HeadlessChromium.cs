using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SweepCluster.Engine.Tests.Infrastructure;

/// <summary>
/// Debian's <c>chromium</c>, headless, driven over the DevTools Protocol on a loopback port it picks itself: each page
/// is opened in a target of its own with its console, log and network recorded, then measured and photographed.
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly DevToolsConnection _devTools;
    private readonly ConcurrentDictionary<string, Action<string, JsonElement>> _pages = new();

    private HeadlessChromium(Process process, DirectoryInfo profile, DevToolsConnection devTools, string version)
    {
        (_process, _profile, _devTools, Version) = (process, profile, devTools, version);
        _devTools.OnEvent = (session, method, parameters) =>
        {
            if (session is not null && _pages.TryGetValue(session, out var page)) page(method, parameters);
        };
    }

    /// <summary>The browser's product string, e.g. "Chrome/156.0.8078.79".</summary>
    public string Version { get; }

    [GeneratedRegex(@"DevTools listening on (ws://127\.0\.0\.1:\d+/\S+)")]
    private static partial Regex Listening();

    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancel)
    {
        var executable = Find() ?? throw new InvalidOperationException(
            "no chromium on PATH: install it with `apt-get install -y --no-install-recommends chromium` (.ci/run does), or set CHROMIUM to its path");
        var profile = Directory.CreateTempSubdirectory("sweep-chromium-");
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--mute-audio",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile.FullName}", "about:blank"])
            start.ArgumentList.Add(argument);

        var endpoint = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            log.Enqueue(line.Data);
            if (Listening().Match(line.Data) is { Success: true } found) endpoint.TrySetResult(new Uri(found.Groups[1].Value));
        };
        process.OutputDataReceived += (_, _) => { };
        process.Exited += (_, _) => endpoint.TrySetException(new InvalidOperationException(
            $"chromium exited ({process.ExitCode}) before it listened:{Environment.NewLine}{string.Join(Environment.NewLine, log)}"));
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var devTools = await DevToolsConnection.ConnectAsync(await endpoint.Task.WaitAsync(Patience, cancel), cancel);
            var version = await devTools.SendAsync("Browser.getVersion", cancel: cancel);
            return new HeadlessChromium(process, profile, devTools, version.GetProperty("product").GetString()!);
        }
        catch
        {
            Stop(process, profile);
            throw;
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> in a new target of <paramref name="width"/> × <paramref name="height"/> CSS pixels,
    /// waits until <paramref name="readyExpression"/> (JavaScript) is truthy or the page throws, evaluates each of
    /// <paramref name="then"/> in turn (what a user would do next, e.g. click), and returns what was seen: the values as
    /// JSON, the errors and requests, and a PNG of the whole page as it was when ready.
    /// </summary>
    public async Task<PageVisit> VisitAsync(string path, string readyExpression, int width, int height, CancellationToken cancel, params string[] then)
    {
        var targetId = (await _devTools.SendAsync("Target.createTarget", new { url = "about:blank" }, cancel: cancel)).GetProperty("targetId").GetString()!;
        var session = (await _devTools.SendAsync("Target.attachToTarget", new { targetId, flatten = true }, cancel: cancel)).GetProperty("sessionId").GetString()!;
        var errors = new ConcurrentQueue<string>();
        var requests = new ConcurrentQueue<string>();
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pages[session] = (method, p) =>
        {
            switch (method)
            {
                case "Runtime.consoleAPICalled" when p.GetProperty("type").GetString() is "error" or "assert":
                    errors.Enqueue("console: " + string.Join(" ", p.GetProperty("args").EnumerateArray().Select(Text)));
                    break;
                case "Runtime.exceptionThrown":
                    var details = p.GetProperty("exceptionDetails");
                    errors.Enqueue("exception: " + (details.TryGetProperty("exception", out var e) ? Text(e) : details.GetProperty("text").GetString()));
                    break;
                case "Log.entryAdded" when p.GetProperty("entry").GetProperty("level").GetString() == "error":
                    errors.Enqueue("log: " + p.GetProperty("entry").GetProperty("text").GetString());
                    break;
                case "Network.requestWillBeSent":
                    requests.Enqueue(p.GetProperty("request").GetProperty("url").GetString()!);
                    break;
                case "Page.loadEventFired":
                    loaded.TrySetResult();
                    break;
            }
        };
        Task<JsonElement> Send(string method, object? parameters = null) => _devTools.SendAsync(method, parameters, session, cancel);
        try
        {
            foreach (var domain in (string[])["Page", "Runtime", "Log", "Network"]) await Send(domain + ".enable");
            await Send("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = false });
            var clock = Stopwatch.StartNew();
            await Send("Page.navigate", new { url = new Uri(Path.GetFullPath(path)).AbsoluteUri });
            await loaded.Task.WaitAsync(Patience, cancel);
            JsonElement? ready = null;
            while (errors.IsEmpty && clock.Elapsed < Patience)
            {
                var value = await Evaluate(Send, $"JSON.stringify(({readyExpression}) || null)");
                if (value != "null")
                {
                    ready = JsonDocument.Parse(value).RootElement.Clone();
                    break;
                }
                await Task.Delay(20, cancel);
            }
            var opened = clock.Elapsed;
            var size = (await Send("Page.getLayoutMetrics")).GetProperty("cssContentSize");
            var shot = await Send("Page.captureScreenshot", new
            {
                format = "png", captureBeyondViewport = true,
                clip = new { x = 0, y = 0, width = size.GetProperty("width").GetDouble(), height = size.GetProperty("height").GetDouble(), scale = 1 },
            });
            var answers = new List<JsonElement>();
            if (ready is not null)
                foreach (var expression in then)
                    answers.Add(JsonDocument.Parse(await Evaluate(Send, $"JSON.stringify(({expression}) ?? null)")).RootElement.Clone());
            return new PageVisit([.. errors], [.. requests], ready, opened, Convert.FromBase64String(shot.GetProperty("data").GetString()!), answers);
        }
        finally
        {
            _pages.TryRemove(session, out _);
            await _devTools.SendAsync("Target.closeTarget", new { targetId }, cancel: CancellationToken.None);
        }
    }

    private static async Task<string> Evaluate(Func<string, object?, Task<JsonElement>> send, string expression)
    {
        var result = await send("Runtime.evaluate", new { expression, returnByValue = true });
        return result.GetProperty("result").GetProperty("value").GetString()!;
    }

    private static string Text(JsonElement remoteObject) =>
        remoteObject.TryGetProperty("value", out var value) ? value.ToString()
        : remoteObject.TryGetProperty("description", out var description) ? description.GetString() ?? "" : remoteObject.GetRawText();

    /// <summary>CHROMIUM if set, else Debian's launcher, else the binary it starts.</summary>
    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured) return configured;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "chromium")).FirstOrDefault(File.Exists);
        return onPath ?? (File.Exists("/usr/lib/chromium/chromium") ? "/usr/lib/chromium/chromium" : null);
    }

    public async ValueTask DisposeAsync()
    {
        await _devTools.DisposeAsync();
        Stop(_process, _profile);
    }

    private static void Stop(Process process, DirectoryInfo profile)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }
        process.Dispose();
        try
        {
            profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A renderer still closing may hold a file for a moment; the temp folder is left to the system.
        }
    }
}
