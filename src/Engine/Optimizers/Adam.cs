using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SweepCluster.Engine.Kernels;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Optimizers;

/// <summary>
/// PyTorch 1.13 torch.optim.Adam and torch.optim.AdamW, single-tensor paths (_single_tensor_adam/_adamw,
/// foreach=False, capturable=False). Adam adds weightDecay·param to the gradient; AdamW first scales the parameters
/// by 1 − lr·weightDecay. The bias corrections are computed in double from the step count as Python does
/// (1 − beta^step, math.sqrt), and the update is param += −(lr/bc1)·m / (sqrt(v)/sqrt(bc2) + eps), with
/// v replaced by its running maximum under amsgrad.
/// </summary>
/// <remarks>
/// One deviation in the operation order: PyTorch divides sqrt(v) by sqrt(bc2); this multiplies by its reciprocal,
/// which saves a division per element (the divider is this kernel's bottleneck) and moves denom by at most an ulp.
/// For float with eps ≥ 1e-12, m and v are flushed to +0 below 1e-30 in magnitude (see <see cref="SubnormalFlush"/>).
/// </remarks>
public sealed class Adam<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Memory<T> _expAvg;
    private readonly Memory<T> _expAvgSq;
    private readonly Memory<T> _maxExpAvgSq;
    private readonly double _beta1, _beta2, _eps, _weightDecay;
    private readonly bool _amsgrad;
    private long _step;

    /// <summary>Adam: L2 weight decay coupled into the gradient.</summary>
    public Adam(AdamSpec options, int parameterCount)
        : this(parameterCount, (options ?? throw new ArgumentNullException(nameof(options))).Beta1, options.Beta2,
            options.Eps, options.Amsgrad, options.WeightDecay, decoupled: false)
    {
    }

    /// <summary>AdamW: decoupled weight decay, param ·= 1 − lr·weightDecay before the Adam update.</summary>
    public Adam(AdamWSpec options, int parameterCount)
        : this(parameterCount, (options ?? throw new ArgumentNullException(nameof(options))).Beta1, options.Beta2,
            options.Eps, options.Amsgrad, options.WeightDecay, decoupled: true)
    {
    }

    private Adam(int parameterCount, double beta1, double beta2, double eps, bool amsgrad, double weightDecay, bool decoupled)
    {
        Check.Count(parameterCount);
        Check.NonNegative(eps, "eps");
        Check.UnitInterval(beta1, "beta1", oneAllowed: false);
        Check.UnitInterval(beta2, "beta2", oneAllowed: false);
        Check.NonNegative(weightDecay, "weightDecay");
        (_beta1, _beta2, _eps, _amsgrad, _weightDecay) = (beta1, beta2, eps, amsgrad, weightDecay);
        DecoupledWeightDecay = decoupled;
        ParameterCount = parameterCount;
        _expAvg = AlignedMemory.Allocate<T>(parameterCount);
        _expAvgSq = AlignedMemory.Allocate<T>(parameterCount);
        _maxExpAvgSq = amsgrad ? AlignedMemory.Allocate<T>(parameterCount) : Memory<T>.Empty;
    }

    /// <summary>True for AdamW.</summary>
    public bool DecoupledWeightDecay { get; }

    public int ParameterCount { get; }

    /// <summary>Steps taken so far (PyTorch's state["step"]).</summary>
    public long StepCount => _step;

    internal ReadOnlySpan<T> FirstMoment => _expAvg.Span;

    internal ReadOnlySpan<T> SecondMoment => _expAvgSq.Span;

    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        Check.Lengths(parameters.Length, gradient.Length, ParameterCount);
        _step++;
        // PyTorch keeps step in a float tensor and calls .item(): a Python float, so beta ** step is pow(double, double).
        var step = (double)_step;
        var biasCorrection1 = 1 - Math.Pow(_beta1, step);
        var biasCorrection2 = 1 - Math.Pow(_beta2, step);
        var stepSize = learningRate / biasCorrection1;
        var biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
        var kernel = new Kernel
        {
            Parameters = parameters,
            Gradient = gradient,
            ExpAvg = _expAvg.Span,
            ExpAvgSq = _expAvgSq.Span,
            MaxExpAvgSq = _maxExpAvgSq.Span,
            Amsgrad = _amsgrad,
            CoupledDecay = !DecoupledWeightDecay && _weightDecay != 0,
            DecoupledDecay = DecoupledWeightDecay,
            WeightDecay = T.CreateTruncating(_weightDecay),
            DecayFactor = T.CreateTruncating(1 - learningRate * _weightDecay),
            Beta1 = T.CreateTruncating(_beta1),
            OneMinusBeta1 = T.CreateTruncating(1 - _beta1),
            Beta2 = T.CreateTruncating(_beta2),
            OneMinusBeta2 = T.CreateTruncating(1 - _beta2),
            InverseBiasCorrection2Sqrt = T.CreateTruncating(1 / biasCorrection2Sqrt),
            Eps = T.CreateTruncating(_eps),
            NegativeStepSize = T.CreateTruncating(-stepSize),
            Tiny = SubnormalFlush.Threshold<T>(_eps),
        };
        Elementwise.Run<Kernel, T>(ref kernel, parameters.Length, StepWidth.Widest);
    }

    private ref struct Kernel : IElementwiseKernel<T>
    {
        public Span<T> Parameters;
        public ReadOnlySpan<T> Gradient;
        public Span<T> ExpAvg, ExpAvgSq, MaxExpAvgSq;
        public bool Amsgrad, CoupledDecay, DecoupledDecay;
        public T WeightDecay, DecayFactor, Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, InverseBiasCorrection2Sqrt, Eps,
            NegativeStepSize, Tiny;

        // Compiled fully optimised at once: a short trial would otherwise spend its steps in unoptimised tier-0 code.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly nuint Apply<TL, TV>(nuint start, nuint end)
            where TL : struct, ILanes<TV, T>
            where TV : struct
        {
            ref var p = ref MemoryMarshal.GetReference(Parameters);
            ref var g = ref MemoryMarshal.GetReference(Gradient);
            ref var m = ref MemoryMarshal.GetReference(ExpAvg);
            ref var v = ref MemoryMarshal.GetReference(ExpAvgSq);
            ref var vMax = ref MemoryMarshal.GetReference(MaxExpAvgSq);
            bool amsgrad = Amsgrad, coupled = CoupledDecay, decoupled = DecoupledDecay;
            TV weightDecay = TL.Broadcast(WeightDecay), decayFactor = TL.Broadcast(DecayFactor),
                beta1 = TL.Broadcast(Beta1), oneMinusBeta1 = TL.Broadcast(OneMinusBeta1),
                beta2 = TL.Broadcast(Beta2), oneMinusBeta2 = TL.Broadcast(OneMinusBeta2),
                inverseBc2Sqrt = TL.Broadcast(InverseBiasCorrection2Sqrt), eps = TL.Broadcast(Eps),
                negativeStepSize = TL.Broadcast(NegativeStepSize), tiny = TL.Broadcast(Tiny);
            var width = (nuint)TL.Count;
            var i = start;
            for (; i + width <= end; i += width)
            {
                var param = TL.Load(in Unsafe.Add(ref p, i));
                var grad = TL.Load(in Unsafe.Add(ref g, i));
                if (coupled)
                    grad = TL.Add(grad, TL.Multiply(weightDecay, param));
                else if (decoupled)
                    param = TL.Multiply(param, decayFactor);
                var expAvg = TL.FlushBelow(TL.Add(TL.Multiply(TL.Load(in Unsafe.Add(ref m, i)), beta1), TL.Multiply(oneMinusBeta1, grad)), tiny);
                var expAvgSq = TL.FlushBelow(
                    TL.Add(TL.Multiply(TL.Load(in Unsafe.Add(ref v, i)), beta2), TL.Multiply(TL.Multiply(oneMinusBeta2, grad), grad)), tiny);
                TL.Store(expAvg, ref Unsafe.Add(ref m, i));
                TL.Store(expAvgSq, ref Unsafe.Add(ref v, i));
                if (amsgrad)
                {
                    expAvgSq = TL.Max(TL.Load(in Unsafe.Add(ref vMax, i)), expAvgSq);
                    TL.Store(expAvgSq, ref Unsafe.Add(ref vMax, i));
                }
                var denominator = TL.Add(TL.Multiply(TL.Sqrt(expAvgSq), inverseBc2Sqrt), eps);
                TL.Store(TL.Add(param, TL.Divide(TL.Multiply(negativeStepSize, expAvg), denominator)), ref Unsafe.Add(ref p, i));
            }
            return i;
        }
    }
}
