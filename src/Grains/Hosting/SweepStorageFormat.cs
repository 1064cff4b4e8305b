using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace SweepCluster.Grains.Hosting;

/// <summary>
/// Sweep grain state is stored in Orleans' binary format instead of the providers' default, Newtonsoft JSON, whose
/// serialization costs many times more per write (<c>dotnet run -c Release --project bench/Cluster.Bench -- state</c>
/// compares them). The coordinator's log is paged (SweepLogStore), and its pages are written in this format too. The state types carry <c>[Id]</c>s for exactly this format. States written as
/// JSON by an earlier version still read: the default serializer is kept as the fallback for reading.
/// </summary>
internal static class SweepStorageFormat
{
    public static void UseBinaryState<TOptions>(IServiceCollection services) where TOptions : class, IStorageProviderSerializerOptions =>
        services.AddOptions<TOptions>(SweepStorage.Name).Configure<Serializer, IGrainStorageSerializer>((options, binary, json) =>
            options.GrainStorageSerializer = new GrainStorageSerializer(new OrleansGrainStorageSerializer(binary), json));
}
