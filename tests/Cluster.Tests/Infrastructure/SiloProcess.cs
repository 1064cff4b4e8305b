using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A real silo process: <c>dotnet SweepCluster.Silo.dll --redis ...</c> from src/Silo's own build output (the test
/// project builds it first), on free loopback ports, with the test tuning: fast failure detection, a 2 s watchdog.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort, int metricsPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        MetricsPort = metricsPort;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int SiloPort { get; }
    public int GatewayPort { get; }
    public int MetricsPort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The process's exit code once it has exited; null while it runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>"host:port" as trials name their silo.</summary>
    public string Address => $"127.0.0.1:{SiloPort}";

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <param name="redis">The cluster's Redis; null: a development silo (localhost clustering, in memory).</param>
    /// <param name="environment">Extra environment variables of the silo process (e.g. OTEL_*).</param>
    /// <param name="slots">Null: no <c>--slots</c>, the silo's own default.</param>
    public static SiloProcess Start(string? redis, string clusterId, int? slots, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs) =>
        Start(redis, clusterId, slots, fastFailureDetection: true, environment, extraArgs);

    /// <param name="fastFailureDetection">False: Orleans' default failure detection, as a production silo has it (a killed silo is declared dead after tens of seconds).</param>
    public static SiloProcess Start(
        string? redis, string clusterId, int? slots, bool fastFailureDetection, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var dll = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloAssembly").Value!;
        if (!File.Exists(dll)) throw new InvalidOperationException($"the silo is not built at {dll}: build src/Silo (dotnet build builds it with the tests).");
        var (siloPort, gatewayPort, metricsPort) = (RedisServer.FreePort(), RedisServer.FreePort(), RedisServer.FreePort());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // The extra arguments first: the last default is a flag, which would take a word after it as its value.
        string[] args =
        [
            dll, .. extraArgs, .. redis is null ? Array.Empty<string>() : ["--redis", redis], "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--metrics-port", $"{metricsPort}",
            .. slots is { } n ? ["--slots", $"{n}"] : Array.Empty<string>(), "--advertise", "127.0.0.1", "--cluster-id", clusterId, "--service-id", clusterId,
            "--watchdog-seconds", "2", .. fastFailureDetection ? ["--fast-failure-detection"] : Array.Empty<string>(),
        ];
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";   // two silos and the tests on two cores: no heap per core each
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return new SiloProcess(Process.Start(start)!, siloPort, gatewayPort, metricsPort);
    }

    /// <summary>GET /healthz on the metrics port.</summary>
    public async Task<int> HealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return (int)(await http.GetAsync($"http://127.0.0.1:{MetricsPort}/healthz")).StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await HealthAsync() != 200)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the silo exited with {_process.ExitCode}:\n{Log}");
            if (clock.Elapsed > timeout) throw new TimeoutException($"the silo on {Address} was not healthy within {timeout.TotalSeconds:0} s:\n{Log}");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the process has exited and its output is read to the end.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        // The parameterless wait also waits for the redirected output's end of file.
        _process.WaitForExit();
    }

    /// <summary>The lines it has written so far, stdout and stderr together, empty ones left out.</summary>
    public IReadOnlyList<string> Lines => Log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>kill -STOP (<paramref name="pause"/>) or kill -CONT of this process, by its PID: a silo frozen and thawed.</summary>
    public void Freeze(bool pause)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [pause ? "-STOP" : "-CONT", $"{_process.Id}"]) { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill {(pause ? "-STOP" : "-CONT")} {_process.Id} exited with {kill.ExitCode}");
    }

    /// <summary>kill -9: no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
    }

    /// <summary>SIGSTOP: the process stops answering without closing a connection, as a hung or swapped-out host does.</summary>
    public void Pause() => Signal(SigStop);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal(SigCont);

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private const string SigCont = "-CONT";
    private const string SigStop = "-STOP";

    /// <summary>kill(1) with the signal, to this process only, by its PID.</summary>
    private void Signal(string signal)
    {
        if (_process.HasExited) return;
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill {signal} {_process.Id} exited with {kill.ExitCode}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }
}
