using System.Reflection;
using System.Text;

namespace SweepCluster.Silo;

/// <summary>Marks a property of <see cref="SiloArguments"/> as a silo option, with its help text.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SiloOptionAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>Given alone it means true; it also takes true, false, 1 or 0.</summary>
    public bool Flag { get; init; }

    /// <summary>Left out of <c>--help</c>: for tests and demos.</summary>
    public bool Hidden { get; init; }
}

/// <summary>
/// One option of the silo: its configuration key (the property of <see cref="SiloArguments"/>, e.g. <c>SiloPort</c>),
/// its switch (<c>--silo-port</c>) and its environment variable (<c>SWEEP_SILO_PORT</c>).
/// </summary>
internal sealed record SiloOption(string Key, string Name, string Description, bool Flag, bool Hidden)
{
    /// <summary>Every option, in the order of <see cref="SiloArguments"/>.</summary>
    public static IReadOnlyList<SiloOption> All { get; } = typeof(SiloArguments).GetProperties()
        .OrderBy(p => p.MetadataToken)
        .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SiloOptionAttribute>()!))
        .Select(p => new SiloOption(p.Property.Name, Kebab(p.Property.Name), p.Attribute.Description, p.Attribute.Flag, p.Attribute.Hidden))
        .ToArray();

    /// <summary><c>--silo-port</c>.</summary>
    public string Switch => "--" + Name;

    /// <summary><c>SWEEP_SILO_PORT</c>.</summary>
    public string Environment => "SWEEP_" + Name.Replace('-', '_').ToUpperInvariant();

    /// <summary>How a message names it: <c>--silo-port (SWEEP_SILO_PORT)</c>.</summary>
    public override string ToString() => $"{Switch} ({Environment})";

    /// <summary>The option of a <see cref="SiloArguments"/> property, by its name.</summary>
    public static SiloOption Of(string key) => All.Single(o => o.Key == key);

    /// <summary>"SiloPort" → "silo-port".</summary>
    private static string Kebab(string name)
    {
        var kebab = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && kebab.Length > 0) kebab.Append('-');
            kebab.Append(char.ToLowerInvariant(c));
        }
        return kebab.ToString();
    }
}
