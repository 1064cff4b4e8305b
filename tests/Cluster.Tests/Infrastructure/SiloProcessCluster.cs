using SweepCluster.Grains.Connection;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// Real silo processes of one cluster in the test Redis (one slot each), and a client that joins through Redis.
/// Disposing kills every process it started, by its PID, whatever the test did.
/// </summary>
public sealed class SiloProcessCluster(RedisServer redis, ITestOutputHelper output) : IAsyncDisposable
{
    /// <summary>
    /// How long a sweep on these silos may take to end after a kill. Generous: a loaded two-core machine has taken over
    /// two minutes for what takes half a minute on a quiet one.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(180);
    private readonly List<SiloProcess> _silos = [];
    private SweepClusterConnection? _connection;

    public string ClusterId { get; } = $"proc-{Guid.NewGuid():N}"[..13];

    /// <summary>Every silo started, killed ones included.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    public IClusterClient Client => (_connection ?? throw new InvalidOperationException("not connected")).Client;

    /// <summary>Starts <paramref name="count"/> silos, waits until each is healthy, and (re)connects the client.</summary>
    /// <param name="extraArgs">Options of every silo started, e.g. --allow-commands.</param>
    public async Task<SiloProcess[]> StartAsync(int count, params string[] extraArgs)
    {
        var started = Enumerable.Range(0, count).Select(_ => SiloProcess.Start(redis.ConnectionString, ClusterId, slots: 1, null, extraArgs)).ToArray();
        _silos.AddRange(started);
        await Task.WhenAll(started.Select(s => s.WaitHealthyAsync(StartPatience)));
        await ConnectAsync();
        var alive = _silos.Count(s => !s.HasExited);
        // Placement reads the load board: wait until it lists the live silos (dead ones leave it once declared dead).
        await Eventually.HoldsAsync(async () => (await _connection!.GetSilosAsync().WaitAsync(TimeSpan.FromSeconds(2))).Count == alive,
            StartPatience, $"{alive} silos on the load board", every: TimeSpan.FromMilliseconds(250));
        return started;
    }

    /// <summary>The silo whose address ("127.0.0.1:port") is <paramref name="address"/>.</summary>
    public SiloProcess At(string address) => _silos.Single(s => s.Address == address);

    /// <summary>For a failed test: the end of every silo's log in its output, the whole of it in a file named there.</summary>
    public void WriteLogs()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sweep-silo-logs")).FullName;
        foreach (var silo in _silos)
        {
            var path = Path.Combine(directory, $"{ClusterId}-{silo.SiloPort}.log");
            File.WriteAllText(path, silo.Log);
            output.WriteLine($"--- silo {silo.Address} (whole log: {path}) ---\n{(silo.Log.Length > 6000 ? silo.Log[^6000..] : silo.Log)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // The client first, while its gateways still answer: it says goodbye instead of timing out.
            if (_connection is not null) await _connection.DisposeAsync();
        }
        finally
        {
            // Every process killed before any is waited for, so that one slow exit leaves none running.
            foreach (var silo in _silos) silo.Kill();
            foreach (var silo in _silos) await silo.DisposeAsync();
        }
    }

    /// <summary>(Re)connects <see cref="Client"/>: a new client, which finds the silos in Redis afresh.</summary>
    public async Task ConnectAsync()
    {
        // A client of a cluster whose every silo was killed has only dead gateways: a new one finds the new silos.
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
        _connection = await SweepClusterConnection.ConnectAsync(
            new ClusterTarget.Redis(redis.ConnectionString, ClusterId, ClusterId), TimeSpan.FromSeconds(60), cancel: TestContext.Current.CancellationToken);
    }
}
