using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using SweepCluster.Cluster.Tests.Deploy;
using SweepCluster.Cluster.Tests.Infrastructure;

namespace SweepCluster.Cluster.Tests.Tool;

/// <summary>
/// The client as users install it (tools/install-sweep.sh): packed as the SweepCluster.Cli .NET tool, installed into a
/// temporary tool path from that package alone, and run as `sweep` from outside the repository: validate and train a
/// CSV example, train on the bundled MNIST digits and write a report, so the package holds the data and the report's
/// scripts. Then the README's cluster journey with the same installed tool: a real redis-server and one silo process,
/// and submit, watch, status, list, results and report of a sweep through SWEEP_REDIS. Packs the build under test (no
/// rebuild), so it takes seconds, not a Release build's minutes.
/// </summary>
public sealed class InstalledToolTests(RedisServer redis, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-tool-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ThePackedToolInstallsAndRunsTheExamplesFromAnyFolder()
    {
        // The configuration these tests were built in, whose client build is packed as it is.
        var configuration = typeof(InstalledToolTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var packages = Path.Combine(_folder, "packages");
        await DotnetAsync(RepositoryFiles.Root, "pack", Path.Combine("src", "Client"), "--no-build", "--no-restore", "-c", configuration,
            "-o", packages, "-p:Version=" + version, "--nologo");
        File.WriteAllText(Path.Combine(_folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>
            """);
        var tools = Path.Combine(_folder, "tools");
        await DotnetAsync(_folder, "tool", "install", "SweepCluster.Cli", "--tool-path", tools, "--version", version,
            "--configfile", Path.Combine(_folder, "nuget.config"));
        var sweep = Path.Combine(tools, "sweep");
        Assert.True(File.Exists(sweep), $"no {sweep}");

        // Run from a folder that is not the repository: nothing may be read from the source tree.
        var work = Directory.CreateDirectory(Path.Combine(_folder, "work")).FullName;
        var (code, stdout, stderr) = await RunAsync(sweep, work, "validate", RepositoryFiles.PathOf("examples/csv-softmax-grid.json"));
        Assert.True(code == 0, stderr);
        Assert.Contains("valid", stdout);

        (code, stdout, stderr) = await RunAsync(sweep, work, "train", RepositoryFiles.PathOf("examples/csv-mlp-adam.json"));
        Assert.True(code == 0, stderr);
        using (var trial = JsonDocument.Parse(stdout))
        {
            Assert.Equal("completed", trial.RootElement.GetProperty("status").GetString());
            Assert.True(trial.RootElement.GetProperty("validationAccuracy").GetDouble() > 0.8, stdout[..200]);
        }

        var mnist = Path.Combine(work, "mnist.json");
        File.WriteAllText(mnist, """
            {"name":"mnist-small","data":{"source":"mnist","trainSize":1000,"validationSize":200},"model":{"kind":"softmax"},
             "optimizer":{"kind":"sgd","learningRate":0.1},"training":{"epochs":1,"batchSize":50}}
            """);
        (code, _, stderr) = await RunAsync(sweep, work, "train", mnist, "--out", "mnist-trial.json");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = await RunAsync(sweep, work, "report", "mnist-trial.json", "--out", "report.html");
        Assert.True(code == 0, stderr);
        var html = File.ReadAllText(Path.Combine(work, "report.html"));
        Assert.Contains("Chart.js v4", html);

        await TheDocumentedClusterJourneyRunsOnTheInstalledToolAsync(sweep, work);
    }

    /// <summary>
    /// The README's "The same on a silo that outlives the commands": a sweep submitted to a silo on Redis (the cluster
    /// id the commands join by default), watched to its end, then read back by every verb the README names.
    /// </summary>
    private async Task TheDocumentedClusterJourneyRunsOnTheInstalledToolAsync(string sweep, string work)
    {
        // The CSV example's data lies under examples/: the silo may read it from there.
        await using var silo = SiloProcess.Start(redis.ConnectionString, "sweep", slots: 2, environment: null,
            "--data-root", RepositoryFiles.PathOf("examples"));
        await silo.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        var cluster = new Dictionary<string, string> { ["SWEEP_REDIS"] = redis.ConnectionString };

        var (code, stdout, stderr) = await RunAsync(sweep, work, cluster, "submit", RepositoryFiles.PathOf("examples/csv-softmax-grid.json"));
        Assert.True(code == 0, stderr);
        var id = stdout.Trim();
        Assert.Matches(new Regex("^s-[0-9a-f]{8}$"), id);

        (code, _, stderr) = await RunAsync(sweep, work, cluster, "watch", id);
        Assert.True(code == 0, $"watch: exit {code}\n{stderr}\n{silo.Log}");

        (code, stdout, stderr) = await RunAsync(sweep, work, cluster, "status", id);
        Assert.True(code == 0, stderr);
        Assert.Contains("completed", stdout);

        (code, stdout, stderr) = await RunAsync(sweep, work, cluster, "list");
        Assert.True(code == 0, stderr);
        Assert.Contains(id, stdout);

        (code, stdout, stderr) = await RunAsync(sweep, work, cluster, "results", id);
        Assert.True(code == 0, stderr);
        int trials;
        using (var result = JsonDocument.Parse(stdout))
        {
            Assert.Equal(id, result.RootElement.GetProperty("sweepId").GetString());
            Assert.Equal("completed", result.RootElement.GetProperty("status").GetString());
            trials = result.RootElement.GetProperty("trials").GetArrayLength();
        }
        Assert.True(trials > 1, $"{trials} trials");

        (code, _, stderr) = await RunAsync(sweep, work, cluster, "results", id, "--format", "csv", "--out", "trials.csv");
        Assert.True(code == 0, stderr);
        var rows = File.ReadAllLines(Path.Combine(work, "trials.csv")).Where(line => line.Length > 0).ToList();
        Assert.Equal(trials, rows.Count - 1);   // a header, then one row per trial

        (code, _, stderr) = await RunAsync(sweep, work, cluster, "report", id, "--out", "sweep-report.html");
        Assert.True(code == 0, stderr);
        Assert.Contains(id, File.ReadAllText(Path.Combine(work, "sweep-report.html")));
    }

    private async Task DotnetAsync(string folder, params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync("dotnet", folder, args);
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)}: exit {code}\n{stdout}\n{stderr}");
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, string folder, params string[] args) =>
        RunAsync(program, folder, new Dictionary<string, string>(), args);

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string program, string folder, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The installed tool's launcher finds the runtime this test runs on.
        start.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        // Installing from the package must not leave copies of it in the user's NuGet cache.
        if (args is ["tool", ..]) start.Environment["NUGET_PACKAGES"] = Path.Combine(_folder, "nuget-cache");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        output.WriteLine($"{Path.GetFileName(program)} {string.Join(' ', args)}: exit {process.ExitCode}");
        return (process.ExitCode, await stdout, await stderr);
    }
}
