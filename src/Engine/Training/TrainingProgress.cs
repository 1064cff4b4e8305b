namespace SweepCluster.Engine.Training;

/// <summary>
/// The live position of a run, written by the training thread after every step and read by anyone (a progress bar,
/// a grain timer) without locks: each field is individually current, which is all a watcher needs.
/// </summary>
public sealed class TrainingProgress
{
    private long _step;
    private int _epoch;
    private double _loss = double.NaN;
    private double _learningRate = double.NaN;

    public long Step => Volatile.Read(ref _step);
    public int Epoch => Volatile.Read(ref _epoch);
    public double Loss => Volatile.Read(ref _loss);
    public double LearningRate => Volatile.Read(ref _learningRate);

    /// <summary>Total optimizer steps the run will take unless it stops early.</summary>
    public long TotalSteps { get; internal set; }

    public int TotalEpochs { get; internal set; }

    internal void Report(long step, int epoch, double loss, double learningRate)
    {
        Volatile.Write(ref _loss, loss);
        Volatile.Write(ref _learningRate, learningRate);
        Volatile.Write(ref _epoch, epoch);
        Volatile.Write(ref _step, step);
    }
}
