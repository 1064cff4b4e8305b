using SweepCluster.Client;
using SweepCluster.Grains.Connection;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A Redis of its own and one silo process on it, under the cluster id the `sweep` command joins by default, for tests
/// that restart the silo or must not share a cluster with other tests: each command runs in-process as a client.
/// </summary>
public sealed class PrivateVerbCluster : IAsyncLifetime
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    private readonly RedisServer _redis = new();
    private SiloProcess? _silo;

    public string Folder { get; } = Directory.CreateTempSubdirectory("sweep-private-").FullName;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        await _redis.InitializeAsync();
        _silo = await StartSiloAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        await _redis.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>kill -9 of the silo and a new one on the same Redis: nothing of any sweep is left in a process.</summary>
    public async Task RestartSiloAsync()
    {
        await Silo.DisposeAsync();
        _silo = null;
        _silo = await StartSiloAsync();
    }

    /// <summary>`sweep ARGS --redis ...` in this process, its output captured.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> SweepAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SweepCommand.RunAsync([.. args, "--redis", _redis.ConnectionString], stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A client of the cluster, for what no verb does (dispose it).</summary>
    public Task<SweepClusterConnection> ConnectAsync() => SweepClusterConnection.ConnectAsync(
        new ClusterTarget.Redis(_redis.ConnectionString, "sweep", "sweep"), TimeSpan.FromSeconds(60), cancel: TestContext.Current.CancellationToken);

    /// <summary>Writes <paramref name="text"/> to a new file in <see cref="Folder"/> and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, $"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<SiloProcess> StartSiloAsync()
    {
        // Its data files are written to Folder, so that is the silo's data root.
        var silo = SiloProcess.Start(_redis.ConnectionString, "sweep", slots: 1, environment: null, "--data-root", Folder);
        await silo.WaitHealthyAsync(Patience);
        return silo;
    }
}
