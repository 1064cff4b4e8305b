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
        DataCompatibility.Ensure(spec);
        return spec;
    }

    /// <returns>The new sweep's id.</returns>
    public static async Task<string> SubmitAsync(SweepSession session, SweepSpec spec)
    {
        var sweepId = SweepIds.New();
        await GrainErrors.AsUserErrors(session.Coordinator(sweepId).Submit(JsonSerializer.Serialize(spec, SpecJson.Options)));
        return sweepId;
    }
}
