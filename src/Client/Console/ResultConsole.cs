namespace SweepCluster.Client.Console;

/// <summary>
/// What standard output is, which decides how `train`, `run`, `retry` and `refine` hand over their result without
/// `--out`: the JSON itself when it goes to a pipe or a file, a short summary when a person reads it, with the JSON
/// saved under <see cref="SavedResultsFolder"/>. Given to <see cref="SweepCommand"/> so both paths can be tested.
/// </summary>
/// <param name="StdoutIsTerminal">True when standard output is a terminal.</param>
/// <param name="SavedResultsFolder">Where a result shown as a summary is saved in full, relative to the working folder or absolute.</param>
public sealed record ResultConsole(bool StdoutIsTerminal, string SavedResultsFolder = ResultConsole.DefaultFolder)
{
    public const string DefaultFolder = "sweep-results";

    /// <summary>Standard output is a pipe or a file: results are written to it as JSON.</summary>
    public static ResultConsole Redirected { get; } = new(false);

    /// <summary>This process's own standard output.</summary>
    public static ResultConsole Detect() => new(!System.Console.IsOutputRedirected);
}
