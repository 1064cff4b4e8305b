using System.Numerics;

namespace SweepCluster.Engine.Models;

/// <summary>
/// xoshiro128** seeded through SplitMix64: a small deterministic generator for parameter initialisation, the same
/// stream on every machine and .NET version (System.Random's seeded algorithm is not a documented contract).
/// Private to the models until the shared Data/SeededRandom lands; the streams need not match it.
/// </summary>
internal struct ModelRandom
{
    private uint _s0, _s1, _s2, _s3;

    public ModelRandom(int seed)
    {
        ulong z = unchecked((ulong)(long)seed);
        ulong a = SplitMix(ref z), b = SplitMix(ref z);
        (_s0, _s1, _s2, _s3) = ((uint)a, (uint)(a >> 32), (uint)b, (uint)(b >> 32));
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public uint NextUInt32()
    {
        uint result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 11);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 24 random bits, every value exactly representable in float.</summary>
    public float NextSingle() => (NextUInt32() >> 8) * (1f / (1 << 24));

    /// <summary>Fills with U(−bound, bound), as torch.nn.init.uniform_(−bound, bound).</summary>
    public void FillUniform(Span<float> destination, float bound)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (2f * NextSingle() - 1f) * bound;
    }
}
