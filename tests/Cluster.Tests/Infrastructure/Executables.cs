namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>The real tools the tests run (redis-server, prometheus, promtool), found on PATH.</summary>
public static class Executables
{
    /// <summary>The full path of <paramref name="name"/> on PATH; a missing tool fails with how to install it.</summary>
    public static string Find(string name, string install) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} was not found on PATH. Install it with `{install}` (.ci/run does).");
}
