using System.Globalization;
using SweepCluster.Grains.Connection;

namespace SweepCluster.Client.Commands;

/// <summary>What a verb says on standard error when it shows a sweep as stored because its coordinator does not answer.</summary>
internal static class StoredSweepNote
{
    public static string Of(StoredSweep stored)
    {
        if (stored.StoredUtc is not { } at) return "coordinator not answering; showing the state it stored last";
        var seconds = Math.Max(0, (DateTime.UtcNow - at).TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture, $"coordinator not answering; showing the state stored {seconds:0} s ago");
    }
}
