namespace SweepCluster.Engine.Search;

/// <summary>
/// Where a run of a search is: its arm, stage and index in the stage, the three numbers of its key
/// "{arm}/{stage}/{index}" (<see cref="TrialRequest.KeyOf"/>). A search keeps places, not key strings.
/// </summary>
internal readonly record struct RunPlace(int Arm, int Stage, int Index)
{
    public string Key => TrialRequest.KeyOf(Arm, Stage, Index);

    /// <summary>
    /// The place a key names, when it is one written as <see cref="TrialRequest.KeyOf"/> writes it (three numbers, no
    /// sign, no leading zero): an inherited key (a whole trial id) or any other string is none.
    /// </summary>
    public static bool TryParse(string? key, out RunPlace place)
    {
        place = default;
        if (key is null) return false;
        var span = key.AsSpan();
        if (!Number(ref span, out var arm) || !Slash(ref span) || !Number(ref span, out var stage) || !Slash(ref span) || !Number(ref span, out var index) || !span.IsEmpty)
            return false;
        place = new RunPlace(arm, stage, index);
        return true;
    }

    private static bool Slash(ref ReadOnlySpan<char> span)
    {
        if (span.IsEmpty || span[0] != '/') return false;
        span = span[1..];
        return true;
    }

    // At most nine digits, so the number fits an int.
    private static bool Number(ref ReadOnlySpan<char> span, out int value)
    {
        value = 0;
        var length = 0;
        while (length < span.Length && char.IsAsciiDigit(span[length])) length++;
        if (length is 0 or > 9 || length > 1 && span[0] == '0') return false;
        foreach (var c in span[..length]) value = value * 10 + (c - '0');
        span = span[length..];
        return true;
    }
}
