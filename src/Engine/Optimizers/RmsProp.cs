using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SweepCluster.Engine.Kernels;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Optimizers;

/// <summary>
/// PyTorch 1.13 torch.optim.RMSprop, single-tensor path (_single_tensor_rmsprop, foreach=False):
/// v = alpha·v + (1 − alpha)·g²; centered keeps ḡ = alpha·ḡ + (1 − alpha)·g and uses sqrt(v − ḡ²); eps is added
/// after the square root; with momentum > 0, buf = momentum·buf + g/avg and param −= lr·buf.
/// </summary>
/// <remarks>For float with eps ≥ 1e-12, v, ḡ and buf are flushed to +0 below 1e-30 (see <see cref="SubnormalFlush"/>).</remarks>
public sealed class RmsProp<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Memory<T> _squareAvg;
    private readonly Memory<T> _gradAvg;
    private readonly Memory<T> _buffer;

    public RmsProp(RmsPropSpec options, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.Count(parameterCount);
        Check.NonNegative(options.Eps, "eps");
        Check.NonNegative(options.Momentum, "momentum");
        Check.NonNegative(options.WeightDecay, "weightDecay");
        Check.NonNegative(options.Alpha, "alpha");
        Options = options;
        ParameterCount = parameterCount;
        _squareAvg = AlignedMemory.Allocate<T>(parameterCount);
        _gradAvg = options.Centered ? AlignedMemory.Allocate<T>(parameterCount) : Memory<T>.Empty;
        _buffer = options.Momentum > 0 ? AlignedMemory.Allocate<T>(parameterCount) : Memory<T>.Empty;
    }

    public RmsPropSpec Options { get; }

    public int ParameterCount { get; }

    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        Check.Lengths(parameters.Length, gradient.Length, ParameterCount);
        var o = Options;
        var kernel = new Kernel
        {
            Parameters = parameters,
            Gradient = gradient,
            SquareAvg = _squareAvg.Span,
            GradAvg = _gradAvg.Span,
            Buffer = _buffer.Span,
            HasWeightDecay = o.WeightDecay != 0,
            Centered = o.Centered,
            HasMomentum = o.Momentum > 0,
            WeightDecay = T.CreateTruncating(o.WeightDecay),
            Alpha = T.CreateTruncating(o.Alpha),
            OneMinusAlpha = T.CreateTruncating(1 - o.Alpha),
            Eps = T.CreateTruncating(o.Eps),
            Momentum = T.CreateTruncating(o.Momentum),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
            Tiny = SubnormalFlush.Threshold<T>(o.Eps),
        };
        Elementwise.Run<Kernel, T>(ref kernel, parameters.Length, StepWidth.Widest);
    }

    private ref struct Kernel : IElementwiseKernel<T>
    {
        public Span<T> Parameters;
        public ReadOnlySpan<T> Gradient;
        public Span<T> SquareAvg, GradAvg, Buffer;
        public bool HasWeightDecay, Centered, HasMomentum;
        public T WeightDecay, Alpha, OneMinusAlpha, Eps, Momentum, NegativeLearningRate, Tiny;

        // Compiled fully optimised at once: a short trial would otherwise spend its steps in unoptimised tier-0 code.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly nuint Apply<TL, TV>(nuint start, nuint end)
            where TL : struct, ILanes<TV, T>
            where TV : struct
        {
            ref var p = ref MemoryMarshal.GetReference(Parameters);
            ref var g = ref MemoryMarshal.GetReference(Gradient);
            ref var sq = ref MemoryMarshal.GetReference(SquareAvg);
            ref var ga = ref MemoryMarshal.GetReference(GradAvg);
            ref var b = ref MemoryMarshal.GetReference(Buffer);
            bool hasWeightDecay = HasWeightDecay, centered = Centered, hasMomentum = HasMomentum;
            TV weightDecay = TL.Broadcast(WeightDecay), alpha = TL.Broadcast(Alpha),
                oneMinusAlpha = TL.Broadcast(OneMinusAlpha), eps = TL.Broadcast(Eps),
                momentum = TL.Broadcast(Momentum), negativeLr = TL.Broadcast(NegativeLearningRate),
                minusOne = TL.Broadcast(-T.One), tiny = TL.Broadcast(Tiny);
            var width = (nuint)TL.Count;
            var i = start;
            for (; i + width <= end; i += width)
            {
                var param = TL.Load(in Unsafe.Add(ref p, i));
                var grad = TL.Load(in Unsafe.Add(ref g, i));
                if (hasWeightDecay)
                    grad = TL.Add(grad, TL.Multiply(weightDecay, param));
                var squareAvg = TL.FlushBelow(
                    TL.Add(TL.Multiply(TL.Load(in Unsafe.Add(ref sq, i)), alpha), TL.Multiply(TL.Multiply(oneMinusAlpha, grad), grad)), tiny);
                TL.Store(squareAvg, ref Unsafe.Add(ref sq, i));
                TV avg;
                if (centered)
                {
                    var gradAvg = TL.FlushBelow(TL.Add(TL.Multiply(TL.Load(in Unsafe.Add(ref ga, i)), alpha), TL.Multiply(oneMinusAlpha, grad)), tiny);
                    TL.Store(gradAvg, ref Unsafe.Add(ref ga, i));
                    // addcmul(grad_avg, grad_avg, value=-1): (−1·ḡ)·ḡ, kept literally for PyTorch's rounding.
                    avg = TL.Add(TL.Sqrt(TL.Add(squareAvg, TL.Multiply(TL.Multiply(minusOne, gradAvg), gradAvg))), eps);
                }
                else
                {
                    avg = TL.Add(TL.Sqrt(squareAvg), eps);
                }
                if (hasMomentum)
                {
                    var buf = TL.FlushBelow(TL.Add(TL.Multiply(TL.Load(in Unsafe.Add(ref b, i)), momentum), TL.Divide(grad, avg)), tiny);
                    TL.Store(buf, ref Unsafe.Add(ref b, i));
                    TL.Store(TL.Add(param, TL.Multiply(negativeLr, buf)), ref Unsafe.Add(ref p, i));
                }
                else
                {
                    TL.Store(TL.Add(param, TL.Divide(TL.Multiply(negativeLr, grad), avg)), ref Unsafe.Add(ref p, i));
                }
            }
            return i;
        }
    }
}
