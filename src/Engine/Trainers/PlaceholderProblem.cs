namespace SweepCluster.Engine.Trainers;

/// <summary>
/// A placeholder that cannot be expanded, or a brace that is not one. <see cref="Where"/> locates the template within
/// the trainer (<c>command[2]</c>, <c>env.LR</c>); <see cref="Placeholder"/> is its text with braces, empty for a stray brace.
/// </summary>
public sealed record PlaceholderProblem(string Where, string Placeholder, string Message)
{
    public override string ToString() => $"{Where}: {Message}";
}
