namespace SweepCluster.Engine.Models;

/// <summary>A model whose scratch buffers hold at most this many rows per gradient call.</summary>
public interface IBatchLimited
{
    int MaxBatchRows { get; }
}
