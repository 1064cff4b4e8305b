using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian package prometheus) on a free loopback port, with its database in a temporary folder,
/// stopped by its PID and the folder deleted on dispose. Start it on one of the repository's configs, or on a config
/// written for the metrics ports of silos a test started (<see cref="StartForTargetsAsync"/>), then ask it PromQL.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>What Prometheus printed so far (it logs to stderr).</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>Starts Prometheus on <paramref name="configFile"/> and waits until it answers <c>/-/ready</c>.</summary>
    public static Task<PrometheusServer> StartAsync(string configFile) =>
        LaunchAsync(configFile, Directory.CreateTempSubdirectory("sweep-prometheus-").FullName);

    /// <summary>
    /// Starts Prometheus scraping <paramref name="targets"/> ("127.0.0.1:PORT", each a silo's metrics port) every
    /// second as job <paramref name="job"/> (the dashboards' <c>sweep-silos</c> by default).
    /// </summary>
    public static async Task<PrometheusServer> StartForTargetsAsync(IEnumerable<string> targets, string job = "sweep-silos")
    {
        var directory = Directory.CreateTempSubdirectory("sweep-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        var list = string.Join(", ", targets.Select(t => $"\"{t}\""));
        await File.WriteAllTextAsync(config,
            $"global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: {job}\n    static_configs:\n      - targets: [{list}]\n");
        return await LaunchAsync(config, directory);
    }

    /// <summary>
    /// <c>GET /api/v1/query</c>: the whole answer, <c>{"status": "success", "data": ...}</c> or
    /// <c>{"status": "error", "errorType": ..., "error": ...}</c> (a PromQL parse error is answered with HTTP 400).
    /// </summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"Prometheus answered HTTP {(int)response.StatusCode} with no JSON: {body}");
        }
    }

    /// <summary><c>GET /api/v1/targets</c>: the active scrape targets, each with its <c>health</c> and <c>lastError</c>.</summary>
    public async Task<JsonElement[]> ActiveTargetsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("api/v1/targets?state=active"));
        return [.. document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(t => t.Clone())];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();   // this process only, by its PID
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<PrometheusServer> LaunchAsync(string configFile, string directory)
    {
        var port = RedisServer.FreePort();
        var start = new ProcessStartInfo(Executables.Find("prometheus", Promtool.Install))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--config.file=" + configFile,
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "--storage.tsdb.path=" + Path.Combine(directory, "data"),
        })
            start.ArgumentList.Add(arg);
        var server = new PrometheusServer(Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start."), directory, port);
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(30));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode} before it was ready:\n{Log}");
            try
            {
                using var response = await _http.GetAsync("-/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (clock.Elapsed > timeout) throw new TimeoutException($"prometheus on port {Port} was not ready within {timeout.TotalSeconds:0} s:\n{Log}");
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }
}
