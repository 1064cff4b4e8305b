using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using SweepCluster.Client;
using SweepCluster.Cluster.Tests.Infrastructure;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A development silo process started with <c>--data-root D</c>: a spec naming a CSV outside D (directly, or through a
/// link inside D) is refused at submit with exit 2 and a message naming the option and the path, before any trial
/// starts; a spec naming one inside D is accepted and trains.
/// </summary>
public sealed class DataRootTests(ITestOutputHelper output)
{
    private const string Csv = "x1,x2,label\n0.1,0.2,0\n0.9,0.8,1\n0.2,0.1,0\n0.8,0.9,1\n0.15,0.25,0\n0.85,0.75,1\n0.3,0.2,0\n0.7,0.9,1\n0.2,0.3,0\n0.9,0.7,1\n";

    [Fact]
    public async Task ASiloRefusesAtSubmitACsvOutsideItsDataRootAndTrainsOneInside()
    {
        var root = Directory.CreateTempSubdirectory("sweep-root-").FullName;
        var outside = Directory.CreateTempSubdirectory("sweep-out-").FullName;
        try
        {
            var inside = Write(Path.Combine(root, "inside.csv"), Csv);
            var secret = Write(Path.Combine(outside, "secret.csv"), Csv);
            var link = Path.Combine(root, "link.csv");
            File.CreateSymbolicLink(link, secret);
            await using var silo = await DevelopmentSilo.StartAsync(root);
            var gateway = $"127.0.0.1:{silo.GatewayPort}";

            var refused = await SweepAsync("submit", Spec(outside, secret), "--gateway", gateway);
            var refusedLink = await SweepAsync("submit", Spec(outside, link), "--gateway", gateway);
            var accepted = await SweepAsync("submit", Spec(outside, inside), "--gateway", gateway);
            output.WriteLine(refused.Stderr + refusedLink.Stderr + accepted.Stdout + accepted.Stderr);

            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("--data-root", refused.Stderr);
            Assert.Contains(secret, refused.Stderr);
            Assert.DoesNotContain("Exception", refused.Stderr);
            Assert.Equal(2, refusedLink.ExitCode);
            Assert.Contains("--data-root", refusedLink.Stderr);
            Assert.Contains(link, refusedLink.Stderr);
            Assert.Contains($"which resolves to {secret}", refusedLink.Stderr);
            Assert.DoesNotContain("(Parameter", refused.Stderr);
            Assert.Equal(0, accepted.ExitCode);
            var id = accepted.Stdout.Trim();
            var watched = await SweepAsync("watch", id, "--gateway", gateway);
            Assert.Equal(0, watched.ExitCode);
            var results = await SweepAsync("results", id, "--gateway", gateway);
            using var result = JsonDocument.Parse(results.Stdout);
            Assert.Equal("completed", result.RootElement.GetProperty("trials")[0].GetProperty("status").GetString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            Directory.Delete(outside, recursive: true);
        }
    }

    private static string Write(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    private static string Spec(string folder, string csv)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""
            { "name": "data-root", "data": { "source": "csv", "path": {{JsonSerializer.Serialize(csv)}}, "trainSize": 8, "validationSize": 2 },
              "model": { "kind": "logistic" }, "optimizer": { "kind": "sgd", "learningRate": 0.1 }, "training": { "epochs": 2, "batchSize": 4 } }
            """);
        return path;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> SweepAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SweepCommand.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>`dotnet SweepCluster.Silo.dll --data-root DIR` without Redis, on free loopback ports.</summary>
    private sealed class DevelopmentSilo : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _log = new();

        private DevelopmentSilo(Process process, int gatewayPort, int metricsPort)
        {
            _process = process;
            GatewayPort = gatewayPort;
            MetricsPort = metricsPort;
            _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int GatewayPort { get; }

        public int MetricsPort { get; }

        public static async Task<DevelopmentSilo> StartAsync(string dataRoot)
        {
            var dll = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloAssembly").Value!;
            var (siloPort, gatewayPort, metricsPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { dll, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--metrics-port", $"{metricsPort}",
                         "--slots", "1", "--warm-up", "false", "--data-root", dataRoot })
                start.ArgumentList.Add(arg);
            start.Environment["DOTNET_gcServer"] = "0";
            var silo = new DevelopmentSilo(Process.Start(start)!, gatewayPort, metricsPort);
            await silo.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            return silo;
        }

        private async Task WaitHealthyAsync(TimeSpan timeout)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (_process.HasExited) throw new InvalidOperationException($"the silo exited with {_process.ExitCode}:\n{Log()}");
                try
                {
                    if ((await http.GetAsync($"http://127.0.0.1:{MetricsPort}/healthz")).IsSuccessStatusCode) return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // not listening yet
                }
                if (clock.Elapsed > timeout) throw new TimeoutException($"the silo was not healthy within {timeout.TotalSeconds:0} s:\n{Log()}");
                await Task.Delay(200);
            }
        }

        private string Log()
        {
            lock (_log) return _log.ToString();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            _process.Dispose();
        }
    }
}
