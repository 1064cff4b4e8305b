namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Sweep and arm names end up in file names, metric labels and terminal output, so they are kept printable and short.</summary>
internal static class Names
{
    public static string? Read(SpecObject o, string field)
    {
        var name = o.OptionalText(field);
        if (name is null) return null;
        if (name.Length > SpecLimits.MaxNameLength)
        {
            o.Problems.Add(o.At(field), $"a name of {name.Length} characters is too long; must be at most {SpecLimits.MaxNameLength}");
            return null;
        }
        if (name.Any(char.IsControl))
        {
            o.Problems.Add(o.At(field), $"{ValueText.Quote(name)} holds control characters; use printable text");
            return null;
        }
        return name;
    }
}
