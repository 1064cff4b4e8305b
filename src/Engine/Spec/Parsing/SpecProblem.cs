namespace SweepCluster.Engine.Spec;

/// <summary>
/// One mistake in a spec. <see cref="Path"/> is a JSON path such as <c>$.search.arms[1].training.batchSize</c>;
/// <see cref="Message"/> names the value found and what is allowed, without the path, so that callers can lay
/// the two out as they like. <see cref="ToString"/> gives the one-line form <c>path: message</c>.
/// </summary>
public sealed record SpecProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
