namespace SweepCluster.Silo;

/// <summary>What <c>/healthz</c> looks at: the silo this process runs now (null before the first one starts).</summary>
internal sealed class SiloHealth
{
    private volatile SiloRun? _current;

    public SiloRun? Current
    {
        get => _current;
        set => _current = value;
    }
}
