using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SweepCluster.Engine.Tests.Tool;

/// <summary>
/// The client as users install it (tools/install-sweep.sh): packed as the SweepCluster.Cli .NET tool, installed into a
/// temporary tool path from that package alone, and run as `sweep` from outside the repository: validate and train a
/// CSV example, train on the bundled MNIST digits and write a report, so the package holds the data and the report's
/// scripts. Packs the build under test (no rebuild), so it takes seconds, not a Release build's minutes.
/// </summary>
public sealed class InstalledToolTests(ITestOutputHelper output) : IDisposable
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
        await DotnetAsync(TestPaths.RepoRoot, "pack", Path.Combine("src", "Client"), "--no-build", "--no-restore", "-c", configuration,
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
        var (code, stdout, stderr) = await RunAsync(sweep, work, "validate", TestPaths.Example("csv-softmax-grid.json"));
        Assert.True(code == 0, stderr);
        Assert.Contains("valid", stdout);

        (code, stdout, stderr) = await RunAsync(sweep, work, "train", TestPaths.Example("csv-mlp-adam.json"));
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
    }

    private async Task DotnetAsync(string folder, params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync("dotnet", folder, args);
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)}: exit {code}\n{stdout}\n{stderr}");
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, string folder, params string[] args)
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
