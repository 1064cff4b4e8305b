using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Theory;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Grains.Connection;

/// <summary>
/// A sweep as its coordinator last stored it in Redis, read by a client while the coordinator does not answer (its silo
/// paused, or dead and not yet declared so): the head and pages of its log, replayed into its search as a new
/// activation would, and its finished trials from their own records. Only a cluster whose grain state lives in Redis
/// has one; the state is read as the silos write it, in Orleans' binary format.
/// </summary>
public sealed class StoredSweepReader : IAsyncDisposable
{
    // The grain types of the coordinator and the trial, as Orleans names them from their classes.
    private const string CoordinatorType = "sweepcoordinator";
    private const string TrialType = "trial";

    private readonly ClusterTarget.Redis _target;
    private readonly Lazy<IGrainStorageSerializer> _serializer = new(CreateSerializer);
    private ConnectionMultiplexer? _redis;

    private StoredSweepReader(ClusterTarget.Redis target) => _target = target;

    /// <summary>A reader for a cluster that stores its state in Redis; null for one that keeps it in memory.</summary>
    public static StoredSweepReader? For(ClusterTarget target) => target is ClusterTarget.Redis redis ? new StoredSweepReader(redis) : null;

    /// <summary>The stored sweep, with its trials (and their histories) if asked for; null when nothing is stored for this id.</summary>
    public async Task<StoredSweep?> ReadAsync(string sweepId, bool withTrials, bool includeHistories, CancellationToken cancel = default)
    {
        var storage = new RedisReadStorage(await DatabaseAsync(), _target.ServiceId, _serializer.Value);
        var headId = GrainId.Create(CoordinatorType, sweepId);
        var head = await storage.ReadAsync<SweepCoordinatorState>(SweepLogStore.HeadStateName, headId);
        if (head?.SpecJson is not { } json) return null;
        var spec = StoredSpec.Read(json);
        var inheritance = head.InheritanceJson is { } inherited ? SweepLog.Read<SweepInheritance>(inherited) : null;
        var search = (await new SweepLogStore(storage, headId).ReadAsync(head)).Restore(spec, inheritance);
        var summary = SweepSummary.Of(sweepId, spec.Name, head.Phase, head.Error, search, silo: "");
        if (!withTrials) return new StoredSweep(summary, head.StoredUtc, null);

        var keys = search.IssuedKeys(TrialPurpose.Train)
            .Concat(search.Inheritance?.Outcomes.Select(o => o.Key) ?? []);
        var trials = new List<Trial>();
        foreach (var key in keys)
        {
            cancel.ThrowIfCancellationRequested();
            var trial = await storage.ReadAsync<TrialGrainState>(TrialType, GrainId.Create(TrialType, SweepResultBuilder.TrialId(sweepId, key)));
            if (trial?.ResultJson is not { } result || !trial.Phase.IsTerminal()) continue;
            var read = Results.TrialJson.Read(result);
            // A history in the results store is on the silos' disks, which this client does not read.
            trials.Add(!includeHistories ? read with { History = null }
                : trial.History is null ? read
                : read with { History = new TrialHistory([], []), HistoryUnavailable = "its history is in the silos' results store, read once a silo answers" });
        }
        // Theory from the smoothness the coordinator stored: reading a sweep never loads its data.
        var theory = head.SmoothnessJson is { } smoothness ? SweepTheory.Report(spec, SweepLog.Read<Smoothness>(smoothness), search.Outcomes) : null;
        var sweep = SweepResultBuilder.Build(sweepId, search, trials, head.Phase.ToStatus(), theory, head.WallSeconds(head.StoredUtc ?? DateTime.UtcNow));
        return new StoredSweep(summary, head.StoredUtc, sweep);
    }

    /// <summary>
    /// Whether the sweep lives though its coordinator does not answer: stored as running, on a cluster some silo of
    /// which is still there (<see cref="ClusterPulse"/>). A command that follows the sweep waits as long as it lives.
    /// </summary>
    public async Task<bool> LivesAsync(string sweepId, CancellationToken cancel = default)
    {
        var redis = await DatabaseAsync();
        var head = await new RedisReadStorage(redis, _target.ServiceId, _serializer.Value)
            .ReadAsync<SweepCoordinatorState>(SweepLogStore.HeadStateName, GrainId.Create(CoordinatorType, sweepId));
        return head is { Phase: SweepPhase.Running } && await ClusterPulse.AnyGatewayListensAsync(redis, _target, cancel);
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
    }

    private async Task<IDatabase> DatabaseAsync()
    {
        _redis ??= await ConnectionMultiplexer.ConnectAsync(RedisConnection.Options(_target.ConnectionString, _target.TrustedIssuer));
        return _redis.GetDatabase();
    }

    /// <summary>Orleans' serializer with the Sweep types, as the silos' storage uses it; no cluster connection needed.</summary>
    private static IGrainStorageSerializer CreateSerializer()
    {
        var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(SweepCoordinatorState).Assembly)).BuildServiceProvider();
        return new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    }

    /// <summary>
    /// The reading half of Orleans' Redis grain storage: one hash per grain state, "{ServiceId}/state/{GrainId}/{state
    /// name}", its "data" field the serialized state and its "etag" field the version.
    /// </summary>
    private sealed class RedisReadStorage(IDatabase redis, string serviceId, IGrainStorageSerializer serializer) : IGrainStorage
    {
        public async Task<T?> ReadAsync<T>(string stateName, GrainId grainId) where T : class, new()
        {
            var state = new GrainState<T>(new T());
            await ReadStateAsync(stateName, grainId, state);
            return state.RecordExists ? state.State : null;
        }

        public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var fields = await redis.HashGetAsync($"{serviceId}/state/{grainId}/{stateName}", ["etag", "data"]);
            if (fields[1] is { IsNullOrEmpty: false } data)
            {
                grainState.State = serializer.Deserialize<T>(new BinaryData((byte[])data!));
                grainState.ETag = fields[0];
                grainState.RecordExists = true;
            }
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            throw new NotSupportedException("a client never writes grain state.");

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            throw new NotSupportedException("a client never clears grain state.");
    }
}

/// <summary>A sweep as stored: its summary (no coordinator silo), when its coordinator stored it, its result if read.</summary>
public sealed record StoredSweep(SweepSummary Summary, DateTime? StoredUtc, SweepResult? Result);
