using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace SweepCluster.Grains.Hosting;

/// <summary>
/// Sweep grain state is stored in Orleans' binary format instead of the providers' default, Newtonsoft JSON. The
/// coordinator writes its whole log (every request and outcome) after each decision, so a write costs the log's size:
/// at 1,000 trials (~400 KB) Newtonsoft took tens of milliseconds a write, the binary serializer about a twentieth of
/// that (<c>dotnet run -c Release --project bench/Cluster.Bench -- state</c>). The state types carry <c>[Id]</c>s for
/// exactly this format. States written as JSON by an earlier version still read: the default serializer is kept as
/// the fallback for reading.
/// </summary>
internal static class SweepStorageFormat
{
    public static void UseBinaryState<TOptions>(IServiceCollection services) where TOptions : class, IStorageProviderSerializerOptions =>
        services.AddOptions<TOptions>(SweepStorage.Name).Configure<Serializer, IGrainStorageSerializer>((options, binary, json) =>
            options.GrainStorageSerializer = new GrainStorageSerializer(new OrleansGrainStorageSerializer(binary), json));
}
