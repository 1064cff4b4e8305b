namespace SweepCluster.Engine.Data;

/// <summary>
/// A small, documented pseudo-random generator whose sequence never changes: PCG32 (XSH-RR 64/32, O'Neill 2014,
/// pcg-random.org), seeded exactly like the reference <c>pcg32_srandom_r(seed, stream)</c>, so
/// <c>new SeededRandom(42, 54)</c> yields 0xa15c02b7, 0x7b47f409, ... as the reference demo does.
/// </summary>
/// <remarks>
/// Why not <see cref="Random"/>: a seeded <see cref="Random"/> is only promised to repeat within one .NET version, and a sweep's
/// split, shuffles and initial weights must be the same on every silo and after every upgrade. The integer stream
/// (<see cref="NextUInt32"/>, <see cref="Next"/>, <see cref="Shuffle{T}"/>) is bit-exact everywhere; <see cref="NextGaussian"/>
/// goes through Math.Log/Sqrt/Cos/Sin, which can differ in the last bit between C runtimes.
/// Different <c>stream</c>s with the same seed give independent sequences: give each use (split, batch order, init) its own.
/// Not thread-safe: one instance per user.
/// </remarks>
public sealed class SeededRandom
{
    private const ulong Multiplier = 6364136223846793005UL;
    private const double TwoToMinus53 = 1.0 / (1UL << 53);

    private ulong _state;
    private readonly ulong _increment;
    private double _spareGaussian;
    private bool _hasSpareGaussian;

    public SeededRandom(ulong seed, ulong stream = 0)
    {
        _increment = (stream << 1) | 1UL;
        _state = 0;
        NextUInt32();
        _state += seed;
        NextUInt32();
    }

    /// <summary>A seed from a spec's int: negative seeds are distinct from positive ones (sign-extended).</summary>
    public SeededRandom(int seed, ulong stream = 0) : this(unchecked((ulong)(long)seed), stream) { }

    /// <summary>Uniform on [0, 2³²).</summary>
    public uint NextUInt32()
    {
        ulong old = _state;
        _state = unchecked(old * Multiplier + _increment);
        uint xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        int rotation = (int)(old >> 59);
        return (xorShifted >> rotation) | (xorShifted << (-rotation & 31));
    }

    /// <summary>Uniform on [0, maxExclusive), without modulo bias (the reference's <c>pcg32_boundedrand_r</c>).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        uint bound = (uint)maxExclusive;
        // Values below 2³² mod bound would make the low residues more likely; rejecting them keeps every residue equally likely.
        uint threshold = unchecked(0u - bound) % bound;
        while (true)
        {
            uint r = NextUInt32();
            if (r >= threshold) return (int)(r % bound);
        }
    }

    /// <summary>Uniform on [0, 1) with 53 random bits (high word first).</summary>
    public double NextDouble()
    {
        ulong high = NextUInt32();
        ulong low = NextUInt32();
        return (((high << 32) | low) >> 11) * TwoToMinus53;
    }

    /// <summary>Standard normal N(0, 1) by the Box–Muller transform; each pair of uniforms gives two values, cos first.</summary>
    public double NextGaussian()
    {
        if (_hasSpareGaussian)
        {
            _hasSpareGaussian = false;
            return _spareGaussian;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: keeps Log finite
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spareGaussian = radius * Math.Sin(angle);
        _hasSpareGaussian = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Fisher–Yates, from the last element down: element i swaps with a uniform j in [0, i].</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>0, 1, ..., n−1 in a random order (a shuffled identity).</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Shuffle(order.AsSpan());
        return order;
    }
}
