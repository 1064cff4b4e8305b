using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// The coordinator's state as versions before the paged log stored it, for the before/after figures: the spec and each
/// request's and outcome's JSON, written whole on every decision. The grain no longer has those fields, so the same
/// strings are kept here in one dictionary (the spec under "spec", the rest under "issued/KEY" and "finished/KEY").
/// </summary>
internal static class UnpagedState
{
    private static readonly JsonSerializerOptions Compact = new(SpecJson.Options) { WriteIndented = false };

    public static Dictionary<string, string> Of(string spec, IEnumerable<(TrialRequest Request, TrialOutcome Outcome)> trials)
    {
        var state = new Dictionary<string, string> { ["spec"] = spec };
        foreach (var (request, outcome) in trials)
        {
            state["issued/" + request.Key] = JsonSerializer.Serialize(request, Compact);
            state["finished/" + request.Key] = JsonSerializer.Serialize(outcome, Compact);
        }
        return state;
    }
}
