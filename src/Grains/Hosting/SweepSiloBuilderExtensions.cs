using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using SweepCluster.Grains.Load;
using SweepCluster.Grains.Placement;
using SweepCluster.Grains.Slots;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Telemetry;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Grains.Hosting;

public static class SweepSiloBuilderExtensions
{
    /// <summary>
    /// Everything a Sweep silo needs: membership (localhost or Redis), the <see cref="SweepStorage.Name"/> grain
    /// storage, reminders, this silo's training slots, the load board and free-slot placement. The silo host and the
    /// client's embedded silo both call this and nothing else.
    /// </summary>
    public static ISiloBuilder AddSweepGrains(this ISiloBuilder silo, SweepSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Slots, 1, nameof(options.Slots));
        if (options.ConfigureClustering) ConfigureClustering(silo, options);
        // Mutual TLS on both inbound ports and on the connections this silo opens to the others.
        if (options.Tls is { } tls) silo.UseTls(tls.Certificate, tls.Configure);

        if (options.Redis is { } redis)
        {
            silo.AddRedisGrainStorage(SweepStorage.Name, o => o.ConfigurationOptions = RedisConnection.Options(redis, options.RedisTrustedIssuer));
            UseBinaryState<Orleans.Persistence.RedisStorageOptions>(silo.Services);
            silo.UseRedisReminderService(o => o.ConfigurationOptions = RedisConnection.Options(redis, options.RedisTrustedIssuer));
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, RedisHealthMonitor>();
        }
        else
        {
            silo.AddMemoryGrainStorage(SweepStorage.Name);
            UseBinaryState<MemoryGrainStorageOptions>(silo.Services);
            silo.UseInMemoryReminderService();
        }
        silo.Configure<ReminderOptions>(o =>
        {
            if (options.WatchdogPeriod < o.MinimumReminderPeriod) o.MinimumReminderPeriod = options.WatchdogPeriod;
        });

        if (options.TrialCollectionAge is { } trialAge)
            silo.Configure<GrainCollectionOptions>(o => o.ClassSpecificCollectionAge[typeof(TrialGrain).FullName!] = trialAge);

        var services = silo.Services;
        services.TryAddSingleton(options);
        services.TryAddSingleton(_ => new TrainingSlots(options.Slots));
        // One pool of user programs per silo: worker mode keeps a warm process per slot; disposing it at shutdown stops them.
        services.TryAddSingleton(_ => new SweepCluster.Engine.Trainers.WorkerPool());
        services.TryAddSingleton<ClusterLoadView>();
        services.AddMetrics();
        services.TryAddSingleton<SweepMetrics>();
        services.TryAddSingleton<Results.TrialHistoryStore>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SweepMetrics>());
        services.AddSingleton<SiloLoadReporter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloLoadReporter>());
        // Coordinators learn of their trials' ends from here (and poll as a fallback).
        services.AddSingleton<ITrialListener, SweepTrialNotifier>();
        if (options.WarmUpTraining) services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, TrainingWarmupService>();
        silo.AddPlacementDirector<FreeSlotPlacement, FreeSlotPlacementDirector>();
        // Grain calls carry the caller's span, so a trial's span sits under its sweep's (no cost without a listener).
        silo.AddActivityPropagation();
        return silo;
    }

    /// <summary>
    /// Sweep grain state in Orleans' binary format instead of the providers' default JSON, whose serialization costs
    /// many times more per write (<c>dotnet run -c Release --project bench/Cluster.Bench -- state</c> compares them).
    /// The state types carry <c>[Id]</c>s for exactly this format; the coordinator's log pages are written in it too.
    /// </summary>
    private static void UseBinaryState<TOptions>(IServiceCollection services) where TOptions : class, IStorageProviderSerializerOptions =>
        services.AddOptions<TOptions>(SweepStorage.Name).Configure<Serializer>((options, binary) =>
            options.GrainStorageSerializer = new OrleansGrainStorageSerializer(binary));

    /// <summary>A bind address that is one address (not 0.0.0.0 or ::), which is then also the one to advertise.</summary>
    private static IPAddress? Specific(IPAddress? bind) => bind is null || bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? null : bind;

    private static void ConfigureClustering(ISiloBuilder silo, SweepSiloOptions options)
    {
        if (options.Redis is { } redis)
        {
            silo.Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = options.ServiceId; });
            silo.UseRedisClustering(o => o.ConfigurationOptions = RedisConnection.Options(redis, options.RedisTrustedIssuer));
            if ((options.Advertise ?? Specific(options.Bind)) is { } address)
                silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: options.Bind is null);
            else
                silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: options.Bind is null);
            if (options.Bind is { } bind)
                silo.Configure<EndpointOptions>(o =>
                {
                    o.SiloListeningEndpoint = new IPEndPoint(bind, options.SiloPort);
                    o.GatewayListeningEndpoint = new IPEndPoint(bind, options.GatewayPort);
                });
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, options.ServiceId, options.ClusterId);
            // Said rather than left to Orleans' default (the advertised loopback), so --bind can widen it.
            if (options.ListenAddress is { } listen)
                silo.Configure<EndpointOptions>(o =>
                {
                    o.SiloListeningEndpoint = new IPEndPoint(listen, options.SiloPort);
                    o.GatewayListeningEndpoint = new IPEndPoint(listen, options.GatewayPort);
                });
        }
        // Experimental in 10.4 (ORLEANSEXP003); chosen knowingly, see SweepSiloOptions.DistributedDirectory.
#pragma warning disable ORLEANSEXP003
        if (options.DistributedDirectory) silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        if (options.FastFailureDetection)
        {
            // Probe every second, declare dead after 3 missed probes: a killed silo is Dead in about 3–6 s.
            var probe = TimeSpan.FromSeconds(1);
            const int missedProbes = 3;
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = probe;
                o.NumMissedProbesLimit = missedProbes;
                // One suspecter is enough: in a cluster of two the dead silo can never cast the second vote, and
                // the default 2 waits until the dead silo's IAmAlive goes stale.
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                // A silo that joins a cluster whose every silo was killed waits until their entries go stale (this ×
                // NumMissedTableIAmAliveLimit, 3): 9 s instead of 30 s.
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(3);
            });
            // The distributed directory keeps a killed silo's grains from reactivating for RangeLeaseDuration (30 s)
            // less the detection budget, MaxProbeTimeout (4 × ProbeTimeout) × NumMissedProbesLimit: 12 s here, so faster
            // detection made a killed silo's trials restart 18 s later. With Orleans' default probes the budget
            // consumes the whole lease; here too.
            silo.Configure<GrainDirectoryOptions>(o => o.RangeLeaseDuration = 4 * probe * missedProbes);
        }
    }
}
