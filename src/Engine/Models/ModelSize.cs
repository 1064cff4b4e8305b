using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Models;

/// <summary>
/// How many parameters a model has on data of a given shape, counted before anything is allocated, and the check
/// against <see cref="SpecLimits.MaxModelParameters"/>.
/// </summary>
public static class ModelSize
{
    /// <summary>Parameters on <paramref name="features"/> inputs and <paramref name="classes"/> classes (2 is used below 2).</summary>
    public static long Parameters(ModelSpec spec, long features, int classes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long outputs = Math.Max(2, classes);
        return spec switch
        {
            QuadraticModelSpec q => q.Dimension,
            LeastSquaresModelSpec or LogisticModelSpec => features + 1,
            SoftmaxModelSpec => Saturating(features + 1, outputs),
            MlpModelSpec { Hidden: { } hidden } => Mlp(hidden, features, outputs),
            _ => 0,
        };
    }

    /// <summary>Throws <see cref="InputException"/> naming the model when it has more parameters than allowed.</summary>
    public static void Check(ModelSpec spec, long features, int classes, string dataName)
    {
        var parameters = Parameters(spec, features, classes);
        if (parameters <= SpecLimits.MaxModelParameters) return;
        throw new InputException(Describe(spec, parameters, features, dataName));
    }

    /// <summary>The message for a model past the limit: its field, its size, the shape it got it from and the limit.</summary>
    public static string Describe(ModelSpec spec, long parameters, long features, string dataName)
    {
        var field = spec is MlpModelSpec m ? $"model.hidden [{string.Join(", ", m.Hidden ?? [])}]" : $"model.kind '{ModelFactory.Kind(spec)}'";
        return $"{field} gives {parameters:N0} parameters on the {features:N0} features of data '{dataName}'; " +
               $"at most {SpecLimits.MaxModelParameters:N0} are allowed ({SpecLimits.MaxModelParameters * 4 >> 20:N0} MB as float32).";
    }

    private static long Mlp(int[] hidden, long features, long outputs)
    {
        long count = 0, inputs = features;
        foreach (var width in hidden)
        {
            count = Add(count, Saturating(inputs + 1, Math.Max(0, width)));
            inputs = width;
        }
        return Add(count, Saturating(inputs + 1, outputs));
    }

    private static long Saturating(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
