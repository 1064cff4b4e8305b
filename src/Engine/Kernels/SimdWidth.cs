using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Kernels;

/// <summary>A vector width, as lanes of float. Kernels take one so tests can run every code path on one machine.</summary>
public enum SimdWidth
{
    Scalar = 1,
    V128 = 4,
    V256 = 8,
    V512 = 16,
}

public static class Simd
{
    /// <summary>
    /// The widest accelerated width. Vector&lt;T&gt; stays 256-bit on AVX-512 hardware unless DOTNET_MaxVectorTBitWidth
    /// says otherwise, so the kernels use Vector512 explicitly.
    /// </summary>
    public static SimdWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdWidth.V512
        : Vector256.IsHardwareAccelerated ? SimdWidth.V256
        : Vector128.IsHardwareAccelerated ? SimdWidth.V128
        : SimdWidth.Scalar;

    public static bool IsSupported(SimdWidth width) => width <= Best;

    /// <summary>Every width this machine can run, narrowest first.</summary>
    public static IReadOnlyList<SimdWidth> Supported { get; } =
        Enum.GetValues<SimdWidth>().Where(IsSupported).Order().ToArray();
}
