using System.Net;

namespace SweepCluster.Grains.Hosting;

/// <summary>How a Sweep silo is set up (docs/cli.md); the silo host and the client's embedded silo both use it.</summary>
public sealed class SweepSiloOptions
{
    /// <summary>
    /// A StackExchange.Redis connection string: membership, grain state and reminders live there. Null: localhost
    /// clustering, in-memory storage and reminders (one silo, or a development cluster on one host).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>A CA certificate file trusted for <see cref="Redis"/>'s TLS certificate (<c>--redis-ca</c>); null: the machine's store.</summary>
    public string? RedisTrustedIssuer { get; set; }

    /// <summary>False when the host brings its own membership (the TestingHost): clustering, ids and endpoints are left alone.</summary>
    public bool ConfigureClustering { get; set; } = true;

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this one at; null: the first non-loopback address.</summary>
    public IPAddress? Advertise { get; set; }

    /// <summary>
    /// The one address the silo port and the gateway listen on (<c>--bind</c>); null: every address of the host with
    /// Redis, 127.0.0.1 without (<see cref="ListenAddress"/>). Without <see cref="Tls"/> anyone who reaches the gateway
    /// can list, watch and cancel every sweep, so on a host with a public interface bind it to the private one.
    /// </summary>
    public IPAddress? Bind { get; set; }

    /// <summary>
    /// Mutual TLS on the silo port and the gateway (<c>--tls-cert</c>, <c>--tls-key</c>, <c>--tls-ca</c>): every silo and
    /// client must present a certificate of the cluster's CA. Null: no TLS.
    /// </summary>
    public ClusterTls? Tls { get; set; }

    /// <summary>
    /// Where the silo's ports listen: <see cref="Bind"/> if given; else loopback for a development silo (no
    /// <see cref="Redis"/>: one host, nobody else's to reach); else null, every address.
    /// </summary>
    public IPAddress? ListenAddress => Bind ?? (Redis is null ? IPAddress.Loopback : null);

    public string ClusterId { get; set; } = "sweep";

    public string ServiceId { get; set; } = "sweep";

    /// <summary>
    /// The directory that <c>idx</c> and <c>csv</c> paths of submitted specs must lie under (<c>--data-root</c>); a spec
    /// naming a file outside it is refused at submit. Null: any file this process can read (the embedded silo of
    /// <c>--local</c>, whose user wrote the spec).
    /// </summary>
    public string? DataRoot { get; set; }

    /// <summary>The most bytes of loaded data sets this silo keeps for reuse (<c>--data-cache-mb</c>); null: a quarter of its memory.</summary>
    public long? DataCacheBytes { get; set; }

    /// <summary>Training runs this silo trains at once (<c>--slots</c>).</summary>
    public int Slots { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// The trial watchdog's reminder period: an unfinished trial whose silo died is restarted within about this long
    /// after the cluster declares the silo dead. Below one minute the reminder service's minimum is lowered to match.
    /// </summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each silo reports its free slots to the load board that placement reads.</summary>
    public TimeSpan LoadReportPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a watcher is sent the step position of a running trial.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a trial's activation may sit unused before Orleans collects it; null: Orleans' default for every grain
    /// (15 minutes in 10.4). A finished trial leaves by itself once nobody watches it and after each read of its result;
    /// this age is for one activated again by another call (a status, its logs). A new call reactivates it from
    /// storage. A running or queued trial keeps itself active however long it trains.
    /// </summary>
    public TimeSpan? TrialCollectionAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Orleans' distributed grain directory (opt-in, marked experimental in 10.4) instead of the default one. With the
    /// default directory a dead silo takes down the activations on the survivors whose directory entries it held, so
    /// healthy trials there restart too (attempts + 1). Ignored when <see cref="ConfigureClustering"/> is false.
    /// </summary>
    public bool DistributedDirectory { get; set; } = true;

    /// <summary>
    /// Declares a dead silo dead within a few seconds instead of Orleans' default (about 15–30 s) by probing more
    /// often and tolerating fewer missed probes. For tests and single-host demos: on a loaded or flaky network it
    /// risks declaring a live silo dead.
    /// </summary>
    public bool FastFailureDetection { get; set; }

    /// <summary>
    /// Compile the training code while the silo starts (<see cref="Slots.TrainingWarmupService"/>), so that no trial
    /// pays the JIT; false leaves it to the first trials (and leaves the bundled MNIST unloaded until a trial needs it).
    /// </summary>
    public bool WarmUpTraining { get; set; } = true;

    /// <summary>Trainers specs may pick by name (<c>--trainers FILE</c>: a JSON object, name → trainer); empty: none.</summary>
    public IReadOnlyDictionary<string, SweepCluster.Engine.Spec.TrainerSpec> Trainers { get; set; } =
        new Dictionary<string, SweepCluster.Engine.Spec.TrainerSpec>();

    /// <summary>
    /// This silo runs a <c>command</c> written inline in a submitted spec (<c>--allow-commands</c>); without it such a sweep
    /// is refused at submit. The embedded silo of <c>--local</c> sets it: its user wrote the spec.
    /// </summary>
    public bool AllowCommands { get; set; }

    /// <summary>GPU ids (<c>--gpus</c>): slot i trains with <c>CUDA_VISIBLE_DEVICES</c> = Gpus[i mod n]; empty: no variable set.</summary>
    public IReadOnlyList<string> Gpus { get; set; } = [];

    /// <summary>Where each trial's <c>SWEEP_CHECKPOINT_DIR</c> lives (<c>--checkpoint-root</c>); null: a folder under the temp folder.</summary>
    public string? CheckpointRoot { get; set; }

    /// <summary>Where finished trials' histories and program logs are kept (<c>--results-root</c>); null: a folder under the temp folder.</summary>
    public string? ResultsRoot { get; set; }

    /// <summary>
    /// <see cref="ResultsRoot"/> is this silo's alone and is deleted when it stops: the embedded silo of <c>--local</c>,
    /// whose results are read before it stops.
    /// </summary>
    public bool ResultsRootIsTemporary { get; set; }

    /// <summary><see cref="CheckpointRoot"/>, or its default.</summary>
    public string CheckpointRootOrDefault => CheckpointRoot ?? Path.Combine(Path.GetTempPath(), "sweepcluster-checkpoints");

    /// <summary><see cref="ResultsRoot"/>, or its default.</summary>
    public string ResultsRootOrDefault => ResultsRoot ?? Path.Combine(Path.GetTempPath(), "sweepcluster-results");
}
