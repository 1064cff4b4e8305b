namespace SweepCluster.Engine.Data;

/// <summary>The body of an IDX image file as stored: <see cref="Count"/> images of Height×Width bytes, row-major, 0–255.</summary>
public sealed record IdxImages(int Count, int Height, int Width, byte[] Pixels)
{
    public int PixelsPerImage => Height * Width;
}
