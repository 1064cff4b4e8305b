using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SweepCluster.Engine.Kernels;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Optimizers;

/// <summary>
/// PyTorch 1.13 torch.optim.Adagrad, dense single-tensor path (_single_tensor_adagrad, foreach=False): the sum starts
/// at initial_accumulator_value, the step's rate is clr = lr / (1 + (step − 1)·lr_decay) in double, and
/// param += −clr·g / (sqrt(sum) + eps) with g the gradient plus weightDecay·param.
/// </summary>
/// <remarks>The sum only grows, so it never reaches the subnormal range and is never flushed.</remarks>
public sealed class Adagrad<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Memory<T> _sum;
    private long _step;

    public Adagrad(AdagradSpec options, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check.Count(parameterCount);
        Check.NonNegative(options.LrDecay, "lrDecay");
        Check.NonNegative(options.WeightDecay, "weightDecay");
        Check.NonNegative(options.InitialAccumulator, "initialAccumulator");
        Check.NonNegative(options.Eps, "eps");
        Options = options;
        ParameterCount = parameterCount;
        _sum = AlignedMemory.Allocate<T>(parameterCount);
        _sum.Span.Fill(T.CreateTruncating(options.InitialAccumulator));
    }

    public AdagradSpec Options { get; }

    public int ParameterCount { get; }

    public long StepCount => _step;

    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        Check.Lengths(parameters.Length, gradient.Length, ParameterCount);
        _step++;
        var o = Options;
        var clr = learningRate / (1 + (_step - 1) * o.LrDecay);
        var kernel = new Kernel
        {
            Parameters = parameters,
            Gradient = gradient,
            Sum = _sum.Span,
            HasWeightDecay = o.WeightDecay != 0,
            WeightDecay = T.CreateTruncating(o.WeightDecay),
            Eps = T.CreateTruncating(o.Eps),
            NegativeClr = T.CreateTruncating(-clr),
        };
        Elementwise.Run<Kernel, T>(ref kernel, parameters.Length, StepWidth.Widest);
    }

    private ref struct Kernel : IElementwiseKernel<T>
    {
        public Span<T> Parameters;
        public ReadOnlySpan<T> Gradient;
        public Span<T> Sum;
        public bool HasWeightDecay;
        public T WeightDecay, Eps, NegativeClr;

        // Compiled fully optimised at once: a short trial would otherwise spend its steps in unoptimised tier-0 code.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly nuint Apply<TL, TV>(nuint start, nuint end)
            where TL : struct, ILanes<TV, T>
            where TV : struct
        {
            ref var p = ref MemoryMarshal.GetReference(Parameters);
            ref var g = ref MemoryMarshal.GetReference(Gradient);
            ref var s = ref MemoryMarshal.GetReference(Sum);
            var hasWeightDecay = HasWeightDecay;
            TV weightDecay = TL.Broadcast(WeightDecay), eps = TL.Broadcast(Eps), negativeClr = TL.Broadcast(NegativeClr);
            var width = (nuint)TL.Count;
            var i = start;
            for (; i + width <= end; i += width)
            {
                var param = TL.Load(in Unsafe.Add(ref p, i));
                var grad = TL.Load(in Unsafe.Add(ref g, i));
                if (hasWeightDecay)
                    grad = TL.Add(grad, TL.Multiply(weightDecay, param));
                // addcmul_(grad, grad, value=1): the factor 1 is exact, so it is left out.
                var sum = TL.Add(TL.Load(in Unsafe.Add(ref s, i)), TL.Multiply(grad, grad));
                TL.Store(sum, ref Unsafe.Add(ref s, i));
                TL.Store(TL.Add(param, TL.Divide(TL.Multiply(negativeClr, grad), TL.Add(TL.Sqrt(sum), eps))), ref Unsafe.Add(ref p, i));
            }
            return i;
        }
    }
}
