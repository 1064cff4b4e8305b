using StackExchange.Redis;
using SweepCluster.Client;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A real silo process in the test Redis under the cluster and service id the `sweep` command joins by default
/// ("sweep"), so that each command, run in-process, is a client of a cluster that outlives it, as a user's would be.
/// </summary>
public sealed class VerbCluster(RedisServer redis) : IAsyncLifetime
{
    public const int Slots = 2;

    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-verbs-").FullName;
    private SiloProcess? _silo;
    private ConnectionMultiplexer? _redis;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("not started");

    /// <summary>What `--redis` is given: the test Redis.</summary>
    public string RedisConnectionString => redis.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        _silo = SiloProcess.Start(redis.ConnectionString, "sweep", Slots);
        await _silo.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        _redis = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>`sweep ARGS --redis ...` in this process, its output captured.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> SweepAsync(params string[] args) =>
        SweepAsync(TestContext.Current.CancellationToken, args);

    /// <param name="interrupt">What Ctrl+C would cancel.</param>
    public async Task<(int ExitCode, string Stdout, string Stderr)> SweepAsync(CancellationToken interrupt, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SweepCommand.RunAsync([.. args, "--redis", redis.ConnectionString], stdout, stderr, interrupt);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes a spec file for the test and returns its path.</summary>
    public string Spec(string json)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    public string TempFile(string name) => Path.Combine(_folder, $"{Guid.NewGuid():N}-{name}");

    /// <summary>Every Redis key that mentions the text (grain state keys hold the grain's key).</summary>
    public IReadOnlyList<string> RedisKeys(string containing) =>
        [.. _redis!.GetServers().SelectMany(s => s.Keys(pattern: $"*{containing}*")).Select(k => k.ToString())];
}
