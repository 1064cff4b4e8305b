using System.Globalization;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// CPU time a process has used (<c>/proc/PID/stat</c>), and the part of it its training threads used
/// (<c>/proc/PID/task/*/stat</c> of the threads named "sweep-training-N", which Linux shortens to 15 characters): the
/// rest is everything else the silo does for a sweep (grain calls, storage, serialization, GC, metrics). Unlike wall
/// times these barely change with what else the machine runs.
/// </summary>
internal sealed record ProcessCpu(TimeSpan Total, TimeSpan Training)
{
    // Linux reports these times in clock ticks of USER_HZ, which is 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;
    private const string TrainingThread = "sweep-training";

    public static ProcessCpu Zero { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Other => Total - Training;

    public static ProcessCpu Of(int pid)
    {
        var total = Ticks(File.ReadAllText($"/proc/{pid}/stat"));
        var training = 0.0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                if (stat.Contains($"({TrainingThread}", StringComparison.Ordinal)) training += Ticks(stat);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }
        return new ProcessCpu(TimeSpan.FromSeconds(total / TicksPerSecond), TimeSpan.FromSeconds(training / TicksPerSecond));
    }

    public ProcessCpu Since(ProcessCpu before) => new(Total - before.Total, Training - before.Training);

    public static ProcessCpu operator +(ProcessCpu a, ProcessCpu b) => new(a.Total + b.Total, a.Training + b.Training);

    // "pid (comm) state ppid ... utime stime ...": utime and stime are fields 14 and 15; comm may hold spaces.
    private static double Ticks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
