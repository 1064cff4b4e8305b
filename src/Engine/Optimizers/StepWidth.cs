using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Optimizers;

/// <summary>
/// The widest vectors an optimizer step uses: <see cref="Simd.Best"/>, lowered by tests and the benchmark to compare
/// the widths. Process-wide, so whatever changes it must not run alongside other optimizer work.
/// </summary>
internal static class StepWidth
{
    internal static SimdWidth Widest { get; set; } = Simd.Best;
}
