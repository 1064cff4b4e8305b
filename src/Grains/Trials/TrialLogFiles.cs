namespace SweepCluster.Grains.Trials;

/// <summary>
/// A finished trial's program output as files under the results root: <c>ROOT/SWEEPID/logs/KEY.stdout.log</c> and
/// <c>.stderr.log</c>, KEY being the trial id after its sweep's with <c>/</c> as <c>-</c> (<c>s-abc/0/1/2</c> → <c>0-1-2</c>).
/// </summary>
internal static class TrialLogFiles
{
    public static string Folder(string root, string sweepId) => Path.Combine(Path.GetFullPath(root), Safe(sweepId), "logs");

    public static string Key(string sweepId, string trialId) =>
        Safe((trialId.StartsWith(sweepId + "/", StringComparison.Ordinal) ? trialId[(sweepId.Length + 1)..] : trialId).Replace('/', '-'));

    /// <summary>Writes both files; a failure (a full or read-only disk) is told to <paramref name="onFailure"/>, never thrown.</summary>
    public static void TryWrite(string root, string sweepId, string trialId, TrialLogs logs, Action<string> onFailure)
    {
        try
        {
            var folder = Folder(root, sweepId);
            Directory.CreateDirectory(folder);
            var key = Key(sweepId, trialId);
            File.WriteAllText(Path.Combine(folder, key + ".stdout.log"), logs.Stdout);
            File.WriteAllText(Path.Combine(folder, key + ".stderr.log"), logs.Stderr);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            onFailure(e.Message);
        }
    }

    // Ids come from the coordinator, but a file name must never climb out of the folder whatever they hold.
    private static string Safe(string part)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var cleaned = new string([.. part.Select(c => invalid.Contains(c) || c == '\\' ? '_' : c)]);
        return cleaned is "" or "." or ".." ? "_" : cleaned;
    }
}
