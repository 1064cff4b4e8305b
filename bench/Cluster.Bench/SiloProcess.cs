using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// A real silo process, <c>dotnet SweepCluster.Silo.dll --redis ...</c> from src/Silo's Release build (built with this
/// project), on free loopback ports, advertising 127.0.0.1. Its log is kept (the end of it) for when something fails.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private const int LogKept = 64 * 1024;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort, int metricsPort, int slots)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        MetricsPort = metricsPort;
        Slots = slots;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int MetricsPort { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int Slots { get; }

    /// <summary>CPU time it has used, and its training threads' part.</summary>
    public ProcessCpu Cpu() => ProcessCpu.Of(_process.Id);

    /// <summary>"127.0.0.1:port", as a Trial names its silo.</summary>
    public string Address => $"127.0.0.1:{SiloPort}";

    public string LogTail
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static string Assembly =>
        typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloAssembly").Value!;

    /// <param name="serverGc">Server GC instead of the silo's own setting (workstation GC).</param>
    /// <param name="resultsRoot">Its <c>--results-root</c>; null for the silo's default.</param>
    public static SiloProcess Start(string redis, string clusterId, int slots, bool serverGc, string? resultsRoot = null)
    {
        var dll = Path.GetFullPath(Assembly);
        if (!File.Exists(dll)) throw new InvalidOperationException($"the silo is not built at {dll}: build src/Silo in Release (building this benchmark does).");
        var (siloPort, gatewayPort, metricsPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            dll, "--redis", redis, "--advertise", "127.0.0.1", "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}",
            "--metrics-port", $"{metricsPort}", "--slots", $"{slots}", "--cluster-id", clusterId, "--service-id", clusterId,
        })
            start.ArgumentList.Add(arg);
        if (resultsRoot is not null)
        {
            start.ArgumentList.Add("--results-root");
            start.ArgumentList.Add(resultsRoot);
        }
        if (serverGc) start.Environment["DOTNET_gcServer"] = "1";
        return new SiloProcess(ChildProcesses.Start(start), siloPort, gatewayPort, metricsPort, slots);
    }

    public ProcessMemory Memory() => ProcessMemory.Of(_process.Id);

    /// <summary>GET /metrics: the Prometheus text.</summary>
    public Task<string> ScrapeAsync() => Http.GetStringAsync($"http://127.0.0.1:{MetricsPort}/metrics");

    /// <summary>Waits until GET /healthz answers 200 (an active cluster member).</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await HealthyAsync())
        {
            if (_process.HasExited) throw new InvalidOperationException($"the silo on {Address} exited with {_process.ExitCode}:\n{LogTail}");
            if (clock.Elapsed > timeout) throw new TimeoutException($"the silo on {Address} was not healthy within {timeout.TotalSeconds:0} s:\n{LogTail}");
            await Task.Delay(200);
        }
    }

    public ValueTask DisposeAsync() => new(ChildProcesses.KillAsync(_process));

    private async Task<bool> HealthyAsync()
    {
        try
        {
            using var response = await Http.GetAsync($"http://127.0.0.1:{MetricsPort}/healthz");
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.AppendLine(line);
            if (_log.Length > 2 * LogKept) _log.Remove(0, _log.Length - LogKept);
        }
    }
}
