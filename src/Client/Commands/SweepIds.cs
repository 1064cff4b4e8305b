using SweepCluster.Engine;

namespace SweepCluster.Client.Commands;

/// <summary>Sweep ids: "s-" and 8 hex digits, made by the client that submits the sweep.</summary>
internal static class SweepIds
{
    public static string New() => "s-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The ID argument as given, refused when it cannot name a sweep at all.</summary>
    public static string Check(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
            throw new InputException("ID: an empty id is not allowed; a sweep id looks like s-1234abcd (`sweep list` shows them).");
        // A trial id is "{sweepId}/{arm}/{stage}/{index}": a user who copied one from a result meant its sweep.
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
            throw new InputException($"ID: \"{id}\" is not allowed; it is a trial's id, and sweep ids have no '/': its sweep is \"{id[..slash]}\".");
        return id;
    }
}
