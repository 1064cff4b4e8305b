namespace SweepCluster.Engine.Trainers;

/// <summary>Finds the file a command's first word names, as a shell would: a path with a slash as is (relative to the working directory), otherwise along PATH.</summary>
public static class ExecutableLookup
{
    /// <summary>The executable's full path, or null when none is found (the message then says where it looked).</summary>
    public static string? Find(string command, string workingDirectory, string? path, out string searched)
    {
        if (command.Contains('/'))
        {
            string full = Path.GetFullPath(command, workingDirectory);
            searched = full;
            return IsExecutable(full) ? full : null;
        }
        var folders = (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        searched = "PATH=" + (path ?? "");
        foreach (var folder in folders)
        {
            string candidate = Path.GetFullPath(Path.Combine(folder, command), workingDirectory);
            if (IsExecutable(candidate)) return candidate;
            if (OperatingSystem.IsWindows() && IsExecutable(candidate + ".exe")) return candidate + ".exe";
        }
        return null;
    }

    private static bool IsExecutable(string file)
    {
        if (!File.Exists(file)) return false;
        if (OperatingSystem.IsWindows()) return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(file) & anyExecute) != 0;
    }
}
