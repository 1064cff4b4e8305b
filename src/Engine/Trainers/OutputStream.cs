namespace SweepCluster.Engine.Trainers;

/// <summary>Which of a program's two output streams a line came from.</summary>
public enum OutputStream
{
    Stdout,
    Stderr,
}
