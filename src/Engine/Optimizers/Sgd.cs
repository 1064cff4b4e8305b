using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SweepCluster.Engine.Kernels;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Optimizers;

/// <summary>
/// PyTorch 1.13 torch.optim.SGD, single-tensor path (_single_tensor_sgd, foreach=False): weight decay is added to the
/// gradient, the momentum buffer starts as a copy of the first (decayed) gradient, later
/// buf = momentum·buf + (1 − dampening)·d, and Nesterov steps along d + momentum·buf.
/// </summary>
public sealed class Sgd<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Memory<T> _buffer;
    private bool _bufferStarted;

    public Sgd(SgdSpec options, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.Count(parameterCount);
        Check.NonNegative(options.Momentum, "momentum");
        Check.NonNegative(options.WeightDecay, "weightDecay");
        if (options.Nesterov && (options.Momentum <= 0 || options.Dampening != 0))
            throw new ArgumentException("nesterov requires momentum > 0 and dampening = 0.", nameof(options));
        Options = options;
        ParameterCount = parameterCount;
        _buffer = options.Momentum != 0 ? AlignedMemory.Allocate<T>(parameterCount) : Memory<T>.Empty;
    }

    public SgdSpec Options { get; }

    public int ParameterCount { get; }

    internal ReadOnlySpan<T> MomentumBuffer => _buffer.Span;

    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        Check.Lengths(parameters.Length, gradient.Length, ParameterCount);
        var o = Options;
        var kernel = new Kernel
        {
            Parameters = parameters,
            Gradient = gradient,
            Buffer = _buffer.Span,
            HasWeightDecay = o.WeightDecay != 0,
            WeightDecay = T.CreateTruncating(o.WeightDecay),
            HasMomentum = o.Momentum != 0,
            FirstStep = !_bufferStarted,
            Momentum = T.CreateTruncating(o.Momentum),
            OneMinusDampening = T.CreateTruncating(1 - o.Dampening),
            Nesterov = o.Nesterov,
            NegativeLearningRate = T.CreateTruncating(-learningRate),
            Tiny = SubnormalFlush.Threshold<T>(),
        };
        Elementwise.Run<Kernel, T>(ref kernel, parameters.Length, StepWidth.Widest);
        _bufferStarted = true;
    }

    private ref struct Kernel : IElementwiseKernel<T>
    {
        public Span<T> Parameters;
        public ReadOnlySpan<T> Gradient;
        public Span<T> Buffer;
        public bool HasWeightDecay, HasMomentum, FirstStep, Nesterov;
        public T WeightDecay, Momentum, OneMinusDampening, NegativeLearningRate, Tiny;

        // Compiled fully optimised at once: a short trial would otherwise spend its steps in unoptimised tier-0 code.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly nuint Apply<TL, TV>(nuint start, nuint end)
            where TL : struct, ILanes<TV, T>
            where TV : struct
        {
            ref var p = ref MemoryMarshal.GetReference(Parameters);
            ref var g = ref MemoryMarshal.GetReference(Gradient);
            ref var b = ref MemoryMarshal.GetReference(Buffer);
            bool hasWeightDecay = HasWeightDecay, hasMomentum = HasMomentum, firstStep = FirstStep, nesterov = Nesterov;
            TV weightDecay = TL.Broadcast(WeightDecay), momentum = TL.Broadcast(Momentum),
                oneMinusDampening = TL.Broadcast(OneMinusDampening), negativeLr = TL.Broadcast(NegativeLearningRate),
                tiny = TL.Broadcast(Tiny);
            var width = (nuint)TL.Count;
            var i = start;
            for (; i + width <= end; i += width)
            {
                var param = TL.Load(in Unsafe.Add(ref p, i));
                var d = TL.Load(in Unsafe.Add(ref g, i));
                if (hasWeightDecay)
                    d = TL.Add(d, TL.Multiply(weightDecay, param));
                if (hasMomentum)
                {
                    var buf = firstStep ? d : TL.Add(TL.Multiply(TL.Load(in Unsafe.Add(ref b, i)), momentum), TL.Multiply(oneMinusDampening, d));
                    buf = TL.FlushBelow(buf, tiny);
                    TL.Store(buf, ref Unsafe.Add(ref b, i));
                    d = nesterov ? TL.Add(d, TL.Multiply(momentum, buf)) : buf;
                }
                TL.Store(TL.Add(param, TL.Multiply(negativeLr, d)), ref Unsafe.Add(ref p, i));
            }
            return i;
        }
    }
}
