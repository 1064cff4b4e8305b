using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// A finished trial's end as its coordinator reads it: its outcome, without the history, and where it trained. What a
/// trial sends its coordinator with its end (<see cref="Sweeps.ISweepCoordinatorGrain.TrialEnded"/>) and answers to
/// <see cref="ITrialGrain.GetFigures"/>. The outcome crosses through <c>Ends.OutcomeCodec</c>.
/// </summary>
/// <param name="Silo">Where it trained ("host:port"): its end freed a place there, which the coordinator fills next.</param>
[GenerateSerializer, Immutable, Alias("sweep.TrialEnd")]
public sealed record TrialEnd(TrialOutcome Outcome, string? Silo)
{
    /// <summary>The end of <paramref name="trial"/>, trial <paramref name="trialId"/>'s Trial, run for <paramref name="start"/>.</summary>
    public static TrialEnd Of(string trialId, TrialStart start, Trial trial)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(trial);
        // Only the request's key, arm, stage and η go into an outcome; the start holds them all.
        var request = new TrialRequest(KeyOf(trialId, start.SweepId), start.Arm, start.Stage, start.LearningRate, TrialPurpose.Train);
        return new(TrialOutcome.From(request, trial), trial.Silo);
    }

    /// <summary>The search's key of a sweep's trial (its id is "{sweepId}/{key}"); a trial of no sweep is named by its id.</summary>
    internal static string KeyOf(string trialId, string sweepId) =>
        trialId.Length > sweepId.Length + 1 && trialId.StartsWith(sweepId, StringComparison.Ordinal) && trialId[sweepId.Length] == '/'
            ? trialId[(sweepId.Length + 1)..]
            : trialId;
}
