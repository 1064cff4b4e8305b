namespace SweepCluster.Silo;

/// <summary>
/// The silo's options as given, before they are checked: one property per option, bound by the configuration system
/// from the command line, the environment and the <c>--config</c> file (<see cref="SiloConfiguration"/>). This class is
/// the one table of options: the switch (<c>SiloPort</c> → <c>--silo-port</c>), the environment variable
/// (<c>SWEEP_SILO_PORT</c>) and the help text all come from its properties (<see cref="SiloOption"/>).
/// <see cref="SiloSettings"/> turns the text into checked values.
/// </summary>
internal sealed class SiloArguments
{
    [SiloOption("StackExchange.Redis connection string: membership, state and reminders in Redis (default: one development silo, in memory)")]
    public string? Redis { get; set; }

    [SiloOption("a CA certificate file (PEM or DER) trusted for the Redis server's TLS certificate (the machine's store)")]
    public string? RedisCa { get; set; }

    [SiloOption("silo-to-silo port (11111)")]
    public string? SiloPort { get; set; }

    [SiloOption("client gateway port (30000)")]
    public string? GatewayPort { get; set; }

    [SiloOption("HTTP port of /metrics (Prometheus) and /healthz (9464)")]
    public string? MetricsPort { get; set; }

    [SiloOption("training runs this silo trains at once (the number of --gpus, else its processor count)")]
    public string? Slots { get; set; }

    [SiloOption("the IP address other silos and clients reach this silo at (the first non-loopback one)")]
    public string? Advertise { get; set; }

    [SiloOption("listen on this address only: silo port, gateway and metrics port (every address with --redis, 127.0.0.1 without)")]
    public string? Bind { get; set; }

    [SiloOption("mutual TLS on the silo port and the gateway: this silo's certificate (PEM), with --tls-key and --tls-ca")]
    public string? TlsCert { get; set; }

    [SiloOption("the private key (PEM) of --tls-cert")]
    public string? TlsKey { get; set; }

    [SiloOption("the CA certificate (PEM) that issued every silo's and client's certificate; no other is accepted")]
    public string? TlsCa { get; set; }

    [SiloOption("a JSON file, name -> trainer, of the programs specs may pick by \"trainer\": {\"name\": ...} (none)")]
    public string? Trainers { get; set; }

    [SiloOption("also run a command written inline in a submitted spec (false: such a sweep is refused at submit)", Flag = true)]
    public string? AllowCommands { get; set; }

    [SiloOption("GPU ids, e.g. 0,1,2,3: slot i trains with CUDA_VISIBLE_DEVICES = the i-th id, round robin (none)")]
    public string? Gpus { get; set; }

    [SiloOption("where each trial's SWEEP_CHECKPOINT_DIR lives, created if missing; shared storage lets a restarted trial resume (a folder under the temp folder)")]
    public string? CheckpointRoot { get; set; }

    [SiloOption("where finished trials' histories and program logs are kept, created if missing; shared storage loses none with a silo (a folder under the temp folder)")]
    public string? ResultsRoot { get; set; }

    [SiloOption("idx and csv paths of submitted specs must lie under this directory (the working directory)")]
    public string? DataRoot { get; set; }

    [SiloOption("megabytes of loaded data sets kept for reuse, least recently used let go first (a quarter of memory)")]
    public string? DataCacheMb { get; set; }

    [SiloOption("compile the training code while the silo starts, so no trial pays the JIT (true)", Flag = true)]
    public string? WarmUp { get; set; }

    [SiloOption("log Orleans' and ASP.NET Core's information too (false: their warnings and errors only)", Flag = true)]
    public string? Verbose { get; set; }

    [SiloOption("a JSON file of options, e.g. {\"redis\": \"host:6379\", \"slots\": 4}; the environment and the command line override it")]
    public string? Config { get; set; }

    [SiloOption("Orleans cluster id (sweep)", Hidden = true)]
    public string? ClusterId { get; set; }

    [SiloOption("Orleans service id (sweep)", Hidden = true)]
    public string? ServiceId { get; set; }

    // For tests and demos: how soon a dead silo's trials restart elsewhere.
    [SiloOption("trial watchdog reminder period in seconds (60)", Hidden = true)]
    public string? WatchdogSeconds { get; set; }

    [SiloOption("declare a dead silo dead within seconds (tests, single-host demos)", Flag = true, Hidden = true)]
    public string? FastFailureDetection { get; set; }
}
