using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SweepCluster.Engine.Kernels;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Optimizers;

/// <summary>
/// PyTorch 1.13 torch.optim.Adadelta, single-tensor path (_single_tensor_adadelta, foreach=False):
/// v = rho·v + (1 − rho)·g², delta = sqrt(u + eps)/sqrt(v + eps)·g, u = rho·u + (1 − rho)·delta², param −= lr·delta.
/// Unlike the paper, PyTorch scales delta by lr (default 1.0), which is what a sweep over η varies.
/// </summary>
/// <remarks>For float with eps ≥ 1e-12, v and u are flushed to +0 below 1e-30 (see <see cref="SubnormalFlush"/>).</remarks>
public sealed class Adadelta<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Memory<T> _squareAvg;
    private readonly Memory<T> _accDelta;

    public Adadelta(AdadeltaSpec options, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.Count(parameterCount);
        Check.UnitInterval(options.Rho, "rho", oneAllowed: true);
        Check.NonNegative(options.Eps, "eps");
        Check.NonNegative(options.WeightDecay, "weightDecay");
        Options = options;
        ParameterCount = parameterCount;
        _squareAvg = AlignedMemory.Allocate<T>(parameterCount);
        _accDelta = AlignedMemory.Allocate<T>(parameterCount);
    }

    public AdadeltaSpec Options { get; }

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
            AccDelta = _accDelta.Span,
            HasWeightDecay = o.WeightDecay != 0,
            WeightDecay = T.CreateTruncating(o.WeightDecay),
            Rho = T.CreateTruncating(o.Rho),
            OneMinusRho = T.CreateTruncating(1 - o.Rho),
            Eps = T.CreateTruncating(o.Eps),
            NegativeLearningRate = T.CreateTruncating(-learningRate),
            Tiny = SubnormalFlush.Threshold<T>(o.Eps),
        };
        Elementwise.Run<Kernel, T>(ref kernel, parameters.Length, StepWidth.Widest);
    }

    private ref struct Kernel : IElementwiseKernel<T>
    {
        public Span<T> Parameters;
        public ReadOnlySpan<T> Gradient;
        public Span<T> SquareAvg, AccDelta;
        public bool HasWeightDecay;
        public T WeightDecay, Rho, OneMinusRho, Eps, NegativeLearningRate, Tiny;

        // Compiled fully optimised at once: a short trial would otherwise spend its steps in unoptimised tier-0 code.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly nuint Apply<TL, TV>(nuint start, nuint end)
            where TL : struct, ILanes<TV, T>
            where TV : struct
        {
            ref var p = ref MemoryMarshal.GetReference(Parameters);
            ref var g = ref MemoryMarshal.GetReference(Gradient);
            ref var sq = ref MemoryMarshal.GetReference(SquareAvg);
            ref var acc = ref MemoryMarshal.GetReference(AccDelta);
            var hasWeightDecay = HasWeightDecay;
            TV weightDecay = TL.Broadcast(WeightDecay), rho = TL.Broadcast(Rho), oneMinusRho = TL.Broadcast(OneMinusRho),
                eps = TL.Broadcast(Eps), negativeLr = TL.Broadcast(NegativeLearningRate), tiny = TL.Broadcast(Tiny);
            var width = (nuint)TL.Count;
            var i = start;
            for (; i + width <= end; i += width)
            {
                var param = TL.Load(in Unsafe.Add(ref p, i));
                var grad = TL.Load(in Unsafe.Add(ref g, i));
                if (hasWeightDecay)
                    grad = TL.Add(grad, TL.Multiply(weightDecay, param));
                var squareAvg = TL.FlushBelow(
                    TL.Add(TL.Multiply(TL.Load(in Unsafe.Add(ref sq, i)), rho), TL.Multiply(TL.Multiply(oneMinusRho, grad), grad)), tiny);
                TL.Store(squareAvg, ref Unsafe.Add(ref sq, i));
                var std = TL.Sqrt(TL.Add(squareAvg, eps));
                var accDelta = TL.Load(in Unsafe.Add(ref acc, i));
                var delta = TL.Multiply(TL.Divide(TL.Sqrt(TL.Add(accDelta, eps)), std), grad);
                TL.Store(
                    TL.FlushBelow(TL.Add(TL.Multiply(accDelta, rho), TL.Multiply(TL.Multiply(oneMinusRho, delta), delta)), tiny),
                    ref Unsafe.Add(ref acc, i));
                TL.Store(TL.Add(param, TL.Multiply(negativeLr, delta)), ref Unsafe.Add(ref p, i));
            }
            return i;
        }
    }
}
