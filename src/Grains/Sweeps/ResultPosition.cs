using System.Globalization;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// Where a trial stands in the Sweep result, from its key alone: by arm, stage (an inherited trial is stage 0),
/// index, then key, as <see cref="SweepResultBuilder"/> orders the trials it is given. A trial's arm and stage are
/// its request's, which its key spells ("{arm}/{stage}/{index}"); an inherited trial's arm is its outcome's.
/// </summary>
internal readonly record struct ResultPosition(int Arm, int Stage, int Index, string Key) : IComparable<ResultPosition>
{
    public static ResultPosition Of(string key, IReadOnlyDictionary<string, int> inheritedArms)
    {
        var index = Number(key[(key.LastIndexOf('/') + 1)..]);
        if (SweepInheritance.IsInherited(key)) return new(inheritedArms.GetValueOrDefault(key), 0, index, key);
        var parts = key.Split('/');
        return new(Number(parts[0]), Number(parts[1]), index, key);
    }

    public int CompareTo(ResultPosition other)
    {
        var c = Arm.CompareTo(other.Arm);
        if (c == 0) c = Stage.CompareTo(other.Stage);
        if (c == 0) c = Index.CompareTo(other.Index);
        return c != 0 ? c : string.CompareOrdinal(Key, other.Key);
    }

    private static int Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
}
