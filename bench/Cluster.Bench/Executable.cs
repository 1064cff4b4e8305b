namespace SweepCluster.Cluster.Bench;

/// <summary>The real tools the benchmark runs (redis-server), found on PATH.</summary>
internal static class Executable
{
    /// <summary>The full path of <paramref name="name"/> on PATH; a missing tool fails with how to install it.</summary>
    public static string Find(string name, string install) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} was not found on PATH. Install it with `{install}`.");
}
