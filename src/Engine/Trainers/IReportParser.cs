namespace SweepCluster.Engine.Trainers;

/// <summary>Turns a program's output lines into reports. One parser serves one trial: a regex parser counts epochs.</summary>
public interface IReportParser
{
    ParsedLine Parse(OutputStream stream, string line);
}
