using System.Reflection;
using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// The JSON spelling of an enum, read from its <see cref="JsonStringEnumMemberNameAttribute"/>s so that the
/// parser and the serializer can never disagree.
/// </summary>
internal static class EnumNames<T> where T : struct, Enum
{
    private static readonly (string Name, T Value)[] Pairs = typeof(T)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name, (T)f.GetValue(null)!))
        .ToArray();

    public static IReadOnlyList<string> All { get; } = Pairs.Select(p => p.Name).ToArray();

    public static bool TryParse(string name, out T value)
    {
        foreach (var pair in Pairs)
        {
            if (pair.Name != name) continue;
            value = pair.Value;
            return true;
        }
        value = default;
        return false;
    }

    public static string Name(T value) => Pairs.First(p => EqualityComparer<T>.Default.Equals(p.Value, value)).Name;
}
