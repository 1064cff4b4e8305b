namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>The problems found so far. A base section shared by several arms is checked once per arm, hence the de-duplication.</summary>
internal sealed class Problems
{
    private readonly List<SpecProblem> _list = [];
    private readonly HashSet<SpecProblem> _seen = [];

    public int Count => _list.Count;

    public IReadOnlyList<SpecProblem> ToList() => _list.ToArray();

    public void Add(string path, string message)
    {
        var problem = new SpecProblem(path, message);
        if (_seen.Add(problem)) _list.Add(problem);
    }
}
