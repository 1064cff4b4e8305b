using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Tests.Kernels;

public sealed class AlignedMemoryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(101_770)]
    public void AllocationsStartOnACacheLineAndAreZeroed(int length)
    {
        for (int i = 0; i < 20; i++)
        {
            var floats = AlignedMemory.Allocate<float>(length);
            var ints = AlignedMemory.Allocate<int>(length);
            Assert.Equal(length, floats.Length);
            Assert.True(AlignedMemory.IsAligned<float>(floats.Span));
            Assert.True(AlignedMemory.IsAligned<int>(ints.Span));
            Assert.All(floats.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void APlainArraySliceOffByFourBytesIsNotAligned()
    {
        var memory = AlignedMemory.Allocate<float>(32);
        Assert.False(AlignedMemory.IsAligned<float>(memory.Span[1..]));
    }
}
