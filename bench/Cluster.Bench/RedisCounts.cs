using System.Globalization;

namespace SweepCluster.Cluster.Bench;

/// <summary>What Redis has been asked so far: commands by name, and bytes received from its clients.</summary>
internal sealed record RedisCounts(IReadOnlyDictionary<string, long> Calls, long InputBytes)
{
    public long Commands => Calls.Values.Sum();

    /// <summary>From INFO's fields: <c>cmdstat_hset = calls=12,usec=...</c> and <c>total_net_input_bytes</c>.</summary>
    public static RedisCounts From(IReadOnlyDictionary<string, string> info)
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in info)
        {
            if (!key.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
            var field = value.Split(',').First(f => f.StartsWith("calls=", StringComparison.Ordinal));
            calls[key["cmdstat_".Length..]] = long.Parse(field["calls=".Length..], CultureInfo.InvariantCulture);
        }
        return new RedisCounts(calls, info.TryGetValue("total_net_input_bytes", out var bytes) ? long.Parse(bytes, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>What was asked between <paramref name="before"/> and this.</summary>
    public RedisCounts Since(RedisCounts before) => new(
        Calls.ToDictionary(c => c.Key, c => c.Value - before.Calls.GetValueOrDefault(c.Key), StringComparer.Ordinal),
        InputBytes - before.InputBytes);

    /// <summary>"hset 3.0, evalsha 2.0, ..." per trial, the most called first.</summary>
    public string PerTrial(int trials, int top = 6) => string.Join(", ",
        Calls.Where(c => c.Value > 0).OrderByDescending(c => c.Value).Take(top)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value / (double)trials:F1}")));
}
