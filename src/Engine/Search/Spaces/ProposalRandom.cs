using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// The generator for one proposal: seeded from (search seed, trial index) alone, so proposal k draws the same numbers
/// whatever came before it and a replayed search repeats itself. SplitMix64's finaliser spreads neighbouring seeds
/// and indices over the whole 64-bit state.
/// </summary>
internal static class ProposalRandom
{
    private const ulong Stream = 0x7470_6573_7061_6365; // one stream for every proposal; the seed varies

    public static SeededRandom For(int seed, int trialIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trialIndex);
        ulong mixed = Mix(unchecked((ulong)(long)seed) ^ Mix(unchecked((ulong)trialIndex + 0x9E37_79B9_7F4A_7C15UL)));
        return new SeededRandom(mixed, Stream);
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            return z ^ (z >> 31);
        }
    }
}
