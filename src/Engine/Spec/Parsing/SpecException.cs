namespace SweepCluster.Engine.Spec;

/// <summary>A spec with one or more problems; the message lists every one of them, one per line.</summary>
public sealed class SpecException : InputException
{
    public SpecException(IReadOnlyList<SpecProblem> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        ArgumentOutOfRangeException.ThrowIfZero(problems.Count);
        Problems = problems;
    }

    public IReadOnlyList<SpecProblem> Problems { get; }
}
