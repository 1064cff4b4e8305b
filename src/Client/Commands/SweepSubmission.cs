using System.Text.Json;
using SweepCluster.Engine;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Client.Commands;

/// <summary>What `run` and `submit` share: the spec checked in full before anything is sent, then one new sweep.</summary>
internal static class SweepSubmission
{
    /// <summary>Every mistake in the spec or its data is exit 2 here, before a connection is even made.</summary>
    public static SweepSpec Read(string path)
    {
        var spec = SpecParser.ParseFile(path);
        if (NotYetRun(spec.Search) is { } feature)
            throw new InputException($"{feature} is parsed and validated, but sweeps with it are not run yet; `sweep validate` checks such a spec, nothing was submitted");
        DataCompatibility.Ensure(spec);
        return spec;
    }

    /// <summary>The part of a valid search that the cluster cannot run yet, named as the spec writes it; null when it can run all of it.</summary>
    private static string? NotYetRun(SearchSpec search) => search switch
    {
        // A staged search over η plans each stage around its best run; with repeats it would have to plan around a mean.
        { Repeats: > 1 } and (CoarseToFineSearchSpec or LrFinderSearchSpec or LrFinderThenGridSearchSpec) =>
            $"search.repeats ({search.Repeats}) with a search over η in stages (coarse-to-fine, lr-finder, lr-finder-then-grid; grid, none, random and tpe run repeats)",
        _ => null,
    };

    /// <summary>
    /// Submits the spec as sweep <paramref name="sweepId"/>, minted once by the caller (<see cref="SweepIds.New"/>):
    /// submitting the same spec again under the same id is answered with the sweep as it is, so a submission whose
    /// answer was lost to a fault is sent again without making a second sweep.
    /// </summary>
    public static async Task SubmitAsync(SweepSession session, SweepSpec spec, string sweepId)
    {
        await GrainErrors.AsUserErrors(session.Coordinator(sweepId).Submit(JsonSerializer.Serialize(spec, SpecJson.Options)));
        session.Answered();
    }
}
