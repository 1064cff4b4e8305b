using System.Runtime.Intrinsics;
using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Bench;

// STAND-INS for the optimizers being written in src/Engine/Optimizers: replace both with OptimizerFactory once it
// lands. They follow torch.optim.SGD (no momentum) and torch.optim.Adam (defaults, no weight decay, no amsgrad).

internal interface IStandInOptimizer
{
    void Step(Span<float> parameters, ReadOnlySpan<float> gradient);
}

/// <summary>
/// p −= lr·g. SGD_TP=1 uses TensorPrimitives.MultiplyAdd in 16K pieces (it turns non-temporal above 256 KB);
/// by default the engine's VectorMath.MultiplyAdd, a plain Vector512 loop measured several times faster here.
/// </summary>
internal sealed class StandInSgd(float learningRate) : IStandInOptimizer
{
    private static readonly bool UseTensorPrimitives = Environment.GetEnvironmentVariable("SGD_TP") == "1";

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        if (UseTensorPrimitives) Chunked.MultiplyAdd(gradient, -learningRate, parameters, parameters);
        else VectorMath.MultiplyAdd(gradient, -learningRate, parameters, parameters);
    }
}

/// <summary>
/// torch.optim.Adam written straight, one Vector512 loop when available. Moments that fall below float's normal
/// range are flushed to zero: .NET has no FTZ/DAZ, and subnormal moments of rarely lit pixels made updates 15–27×
/// slower (PERFORMANCE.md §5); the change is below 1e-38.
/// </summary>
internal sealed class StandInAdam(int count, float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f)
    : IStandInOptimizer
{
    private readonly Memory<float> _moment1 = AlignedMemory.Allocate<float>(count);
    private readonly Memory<float> _moment2 = AlignedMemory.Allocate<float>(count);
    private const float MinNormal = 1.17549435e-38f; // 2^−126, the smallest normal float
    private int _step;

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
    {
        _step++;
        float stepSize = learningRate / (1 - MathF.Pow(beta1, _step));
        float inverseRoot = 1 / MathF.Sqrt(1 - MathF.Pow(beta2, _step));
        Span<float> m1 = _moment1.Span, m2 = _moment2.Span;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var b1 = Vector512.Create(beta1);
            var c1 = Vector512.Create(1 - beta1);
            var b2 = Vector512.Create(beta2);
            var c2 = Vector512.Create(1 - beta2);
            var tiny = Vector512.Create(MinNormal);
            for (; i <= parameters.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var g = Vector512.Create(gradient.Slice(i, Vector512<float>.Count));
                var m = b1 * Vector512.Create(m1.Slice(i, Vector512<float>.Count)) + c1 * g;
                var v = b2 * Vector512.Create(m2.Slice(i, Vector512<float>.Count)) + c2 * g * g;
                m = Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(m), tiny), Vector512<float>.Zero, m);
                v = Vector512.ConditionalSelect(Vector512.LessThan(v, tiny), Vector512<float>.Zero, v);
                m.CopyTo(m1.Slice(i));
                v.CopyTo(m2.Slice(i));
                var p = Vector512.Create(parameters.Slice(i, Vector512<float>.Count));
                (p - Vector512.Create(stepSize) * m / (Vector512.Sqrt(v) * Vector512.Create(inverseRoot) + Vector512.Create(eps))).CopyTo(parameters.Slice(i));
            }
        }
        for (; i < parameters.Length; i++)
        {
            float g = gradient[i];
            float m = beta1 * m1[i] + (1 - beta1) * g;
            float v = beta2 * m2[i] + (1 - beta2) * g * g;
            m1[i] = MathF.Abs(m) < MinNormal ? 0 : m;
            m2[i] = v < MinNormal ? 0 : v;
            parameters[i] -= stepSize * m1[i] / (MathF.Sqrt(m2[i]) * inverseRoot + eps);
        }
    }
}
