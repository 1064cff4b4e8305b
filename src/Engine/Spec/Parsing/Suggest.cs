namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>"did you mean ...": the allowed name closest to a misspelled one, if it is close enough to be the intent.</summary>
internal static class Suggest
{
    /// <summary>" (did you mean "cosine"?)" or the empty string.</summary>
    public static string Hint(string given, IEnumerable<string> allowed)
    {
        // Nobody mistypes a 64-character name; the guard keeps a hostile megabyte-long one from costing seconds.
        if (given.Length > 64) return "";
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in allowed)
        {
            var distance = Distance(given.ToLowerInvariant(), name.ToLowerInvariant());
            if (distance < bestDistance) (best, bestDistance) = (name, distance);
        }
        // Two edits catch typos and case slips without offering "adam" for "sgd"; short names get one.
        var threshold = given.Length <= 3 ? 1 : 2;
        return best is not null && best != given && bestDistance <= threshold ? $" (did you mean {ValueText.Quote(best)}?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
