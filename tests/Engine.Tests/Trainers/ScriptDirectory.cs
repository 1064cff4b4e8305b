using System.Globalization;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Tests.Trainers;

/// <summary>A temp folder of small sh programs that play a user's trainer, and the checks that none of them left a process behind.</summary>
internal sealed class ScriptDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sweep-trainer-tests-" + Guid.NewGuid().ToString("N"));

    public ScriptDirectory() => Directory.CreateDirectory(Path);

    /// <summary>Writes an executable sh script and returns a trainer running it (extra args appended, json metrics).</summary>
    public CommandTrainerSpec Trainer(string body, params string[] args) => Trainer(body, TrainerMetricsSpec.Json, args);

    public CommandTrainerSpec Trainer(string body, TrainerMetricsSpec metrics, params string[] args)
    {
        string file = System.IO.Path.Combine(Path, $"train-{Guid.NewGuid():N}.sh");
        File.WriteAllText(file, "#!/bin/sh\n" + body.Replace("\r\n", "\n") + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserExecute);
        return new CommandTrainerSpec([file, .. args], Path, new Dictionary<string, string>(), metrics);
    }

    /// <summary>Options for tests: a 1 s grace period, trial files in this folder.</summary>
    public CommandRunOptions Options(string? checkpoint = null, string? gpu = null, double divergenceFactor = 10) =>
        new(divergenceFactor, checkpoint, gpu, Path, Path, TimeSpan.FromSeconds(1));

    /// <summary>The numbers after "<paramref name="label"/>=" in the output, e.g. pids a script printed.</summary>
    public static IReadOnlyList<int> Numbers(string output, string label) =>
        [.. output.Split('\n').Where(l => l.StartsWith(label + "=", StringComparison.Ordinal))
            .Select(l => int.Parse(l[(label.Length + 1)..].Trim(), CultureInfo.InvariantCulture))];

    /// <summary>Whether a pid is a live (not zombie) process.</summary>
    public static bool Alive(int pid) => ProcessGroup.Stat(pid) is { State: not ('Z' or 'X') };

    /// <summary>Whether any live process is in process group <paramref name="group"/> (read from /proc, zombies excluded).</summary>
    public static bool GroupHasLiveMembers(int group) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(System.IO.Path.GetFileName(d), out int pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Any(pid => ProcessGroup.Stat(pid) is { State: not ('Z' or 'X') } stat && stat.Group == group);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Harmless leftovers in the temp folder.
        }
    }
}
