using System.Numerics;
using SweepCluster.Engine.Kernels;
using SweepCluster.Engine.Optimizers;

namespace SweepCluster.Engine.Tests.Optimizers;

[CollectionDefinition(nameof(VectorWidthCollection), DisableParallelization = true)]
public sealed class VectorWidthCollection;

/// <summary>
/// The kernels are written once over a lane type; 512-, 256-, 128-bit vectors and the scalar path must give
/// bit-identical results (IEEE add, multiply, divide and square root round the same in every lane). Changes a
/// process-wide setting, so it runs alone.
/// </summary>
[Collection(nameof(VectorWidthCollection))]
public sealed class VectorWidthTests
{
    [Theory]
    [MemberData(nameof(OptimizerVariants.Names), MemberType = typeof(OptimizerVariants))]
    public void EveryVectorWidthGivesBitIdenticalFloatAndDoubleResults(string variant)
    {
        AssertSameAtEveryWidth<float>(variant);
        AssertSameAtEveryWidth<double>(variant);
    }

    private static void AssertSameAtEveryWidth<T>(string variant) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var original = StepWidth.Widest;
        try
        {
            T[]? reference = null;
            foreach (var width in new[] { SimdWidth.Scalar, SimdWidth.V128, SimdWidth.V256, SimdWidth.V512 })
            {
                StepWidth.Widest = width;
                var result = Run<T>(variant);
                if (reference is null)
                    reference = result;
                else
                    Assert.True(reference.AsSpan().SequenceEqual(result), $"{variant} {typeof(T).Name} differs at {width}");
            }
        }
        finally
        {
            StepWidth.Widest = original;
        }
    }

    private static T[] Run<T>(string variant) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 77; // one 512-bit float vector (16), more 256/128 ones, and a scalar tail at every width
        var optimizer = OptimizerFactory.Create<T>(OptimizerVariants.All[variant], n);
        var parameters = new T[n];
        var gradient = new T[n];
        for (var i = 0; i < n; i++)
            parameters[i] = T.CreateTruncating(Math.Sin(3.0 * i));
        for (var step = 0; step < 25; step++)
        {
            for (var i = 0; i < n; i++)
                gradient[i] = T.CreateTruncating(Math.Cos(i + step) * (i % 5 == 0 ? 0 : 1)) + parameters[i];
            optimizer.Step(parameters, gradient, 0.01 * (1 + step % 3));
        }
        return parameters;
    }
}
