using SweepCluster.Client;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Hosting;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// An embedded silo in this process that runs users' programs: commands allowed, two slots on GPUs 3 and 5, a declared
/// trainer "toy", checkpoints and logs under a folder of its own. Each `sweep` command runs in-process as a client
/// through its gateway, as a user's would.
/// </summary>
public sealed class CommandSilo : IAsyncLifetime
{
    public const int Slots = 2;

    public static readonly string[] Gpus = ["3", "5"];

    private SweepClusterConnection? _connection;

    public string Folder { get; } = Directory.CreateTempSubdirectory("sweep-commands-").FullName;

    public SweepSiloOptions Options { get; } = SweepClusterConnection.LocalOptions();

    public IClusterClient Client => (_connection ?? throw new InvalidOperationException("not started")).Client;

    public string Gateway => $"127.0.0.1:{Options.GatewayPort}";

    public async ValueTask InitializeAsync()
    {
        Options.Slots = Slots;
        Options.WarmUpTraining = false;
        Options.Gpus = Gpus;
        Options.CheckpointRoot = Path.Combine(Folder, "checkpoints");
        Options.ResultsRoot = Path.Combine(Folder, "results");
        Options.Trainers = new Dictionary<string, TrainerSpec>
        {
            ["toy"] = new(Command: ["sh", Programs.Write(Folder, "toy.sh", Programs.JsonGrid), "{learningRate}"]),
        };
        _connection = await SweepClusterConnection.ConnectAsync(new ClusterTarget.Local(Options), cancel: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>`sweep ARGS --gateway ...` in this process, its output captured.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> SweepAsync(params string[] args) => SweepAsync(Gateway, args);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> SweepAsync(string gateway, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SweepCommand.RunAsync([.. args, "--gateway", gateway], stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes a file in <see cref="Folder"/> and returns its path.</summary>
    public string Write(string name, string text) => Programs.Write(Folder, $"{Guid.NewGuid():N}-{name}", text);
}
