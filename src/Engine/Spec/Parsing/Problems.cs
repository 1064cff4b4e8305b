namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// The problems found so far. A base section shared by several arms is checked once per arm, hence the
/// de-duplication; a 10 MB file of mistakes could hold millions, hence the cap (past it, one line says how many more).
/// </summary>
internal sealed class Problems
{
    public const int MaxListed = 1000;

    private readonly List<SpecProblem> _list = [];
    private readonly HashSet<SpecProblem> _seen = [];
    private long _unlisted;
    private readonly HashSet<string> _unknownFields = new(StringComparer.Ordinal);

    /// <summary>The paths of fields reported as not part of their section: a searched parameter's path must not be one.</summary>
    public IReadOnlySet<string> UnknownFields => _unknownFields;

    public long Count => _list.Count + _unlisted;

    public IReadOnlyList<SpecProblem> ToList() => _unlisted == 0
        ? _list.ToArray()
        : [.. _list, new SpecProblem(JsonPath.Root, $"and {ValueText.Plural(_unlisted, "more problem")} not listed (only the first {ValueText.Count(MaxListed)} are)")];

    /// <summary>Reports a field its section does not have.</summary>
    public void AddUnknownField(string path, string message)
    {
        _unknownFields.Add(path);
        Add(path, message);
    }

    public void Add(string path, string message)
    {
        var problem = new SpecProblem(path, message);
        if (_list.Count >= MaxListed)
        {
            if (!_seen.Contains(problem)) _unlisted++;
            return;
        }
        if (_seen.Add(problem)) _list.Add(problem);
    }
}
