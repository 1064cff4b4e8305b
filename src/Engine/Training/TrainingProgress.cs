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
    private long _samples;

    public long Step => Volatile.Read(ref _step);
    public int Epoch => Volatile.Read(ref _epoch);
    public double Loss => Volatile.Read(ref _loss);
    public double LearningRate => Volatile.Read(ref _learningRate);

    /// <summary>Training rows processed so far (the sum of the batch sizes of the steps taken).</summary>
    public long Samples => Volatile.Read(ref _samples);

    /// <summary>Total optimizer steps the run will take unless it stops early.</summary>
    public long TotalSteps { get; internal set; }

    public int TotalEpochs { get; internal set; }

    /// <summary>
    /// A position reported by a program that trains outside the engine (a command trainer): its step, epoch, loss and
    /// rate as it printed them, and the epochs it was asked to train.
    /// </summary>
    public void Reported(long step, int epoch, double loss, double learningRate, int totalEpochs)
    {
        TotalEpochs = totalEpochs;
        Volatile.Write(ref _loss, loss);
        Volatile.Write(ref _learningRate, learningRate);
        Volatile.Write(ref _epoch, epoch);
        Volatile.Write(ref _step, step);
    }

    internal void Report(long step, int epoch, double loss, double learningRate, int batchRows)
    {
        Volatile.Write(ref _samples, _samples + batchRows);   // one writer: the training thread
        Volatile.Write(ref _loss, loss);
        Volatile.Write(ref _learningRate, learningRate);
        Volatile.Write(ref _epoch, epoch);
        Volatile.Write(ref _step, step);
    }
}
