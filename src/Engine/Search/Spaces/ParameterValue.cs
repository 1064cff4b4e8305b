using System.Globalization;
using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>One parameter's value in a configuration: a number (ranges, numeric categories) or a string (a category such as "adam").</summary>
[JsonConverter(typeof(ParameterValueJsonConverter))]
public readonly record struct ParameterValue
{
    private ParameterValue(double number, string? text)
    {
        Number = number;
        Text = text;
    }

    /// <summary>The number; NaN for a string value.</summary>
    public double Number { get; }

    /// <summary>The string; null for a number.</summary>
    public string? Text { get; }

    public bool IsText => Text is not null;

    public static ParameterValue Of(double number) => new(number, null);

    public static ParameterValue Of(string text) => new(double.NaN, text ?? throw new ArgumentNullException(nameof(text)));

    public override string ToString() => Text ?? Number.ToString("R", CultureInfo.InvariantCulture);
}
